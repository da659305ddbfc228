import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestNode, type TestNode } from '@tiemeng/api/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { scrape } from './support/prometheus.ts';

const dir = path.resolve(import.meta.dirname, '../ops/prometheus');
const rulesFile = path.join(dir, 'tiemeng-alerts.yml');

/** promtool's path when Prometheus's tools are installed (Debian: `apt-get install prometheus`). */
function promtool(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

interface Rule {
  alert?: unknown;
  expr?: unknown;
  for?: unknown;
  labels?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

describe('the bundled Prometheus alerting rules', () => {
  const groups = (parse(readFileSync(rulesFile, 'utf8')) as { groups: { name: string; rules: Rule[] }[] })
    .groups;
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode({
      serverUrl: inject('testServerUrl'),
      side: 'zj',
      extra: { metrics: { port: 0 } },
    });
  });
  afterAll(() => node.destroy());

  it('cover the situations an operator must hear about', () => {
    const alerts = groups.flatMap((g) => g.rules.map((r) => r.alert));
    expect(alerts).toEqual(
      expect.arrayContaining([
        'TiemengPartnerUnreachable',
        'TiemengLinkLag',
        'TiemengUrgentRequestUnacknowledged',
        'TiemengReconciliationDifferences',
        'TiemengSyncIncident',
      ]),
    );
  });

  it('have the shape Prometheus loads (checked by promtool when installed, with its unit tests)', () => {
    const tool = promtool();
    if (tool) {
      const checked = execFileSync(tool, ['check', 'rules', rulesFile], { encoding: 'utf8' });
      expect(checked).toContain('SUCCESS');
      const tested = execFileSync(tool, ['test', 'rules', path.join(dir, 'tiemeng-alerts.test.yml')], {
        encoding: 'utf8',
      });
      expect(tested).toContain('SUCCESS');
    }
    // Without promtool, at least the structure: groups of named rules with an expression and a severity.
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) {
      expect(group.name).toMatch(/^[\w-]+$/);
      for (const rule of group.rules) {
        expect(rule.alert).toMatch(/^Tiemeng[A-Za-z]+$/);
        expect(rule.expr).toBeTypeOf('string');
        if (rule.for !== undefined) expect(rule.for).toMatch(/^\d+[smh]$/);
        expect(rule.labels?.severity).toMatch(/^(warning|critical)$/);
        expect(rule.annotations?.summary).toBeTypeOf('string');
      }
    }
  });

  it('use only figures a node exposes', async () => {
    const exposed = new Set((await scrape(node.metricsPort!)).map((s) => s.name));
    const used = groups
      .flatMap((g) => g.rules.map((r) => String(r.expr)))
      .flatMap((expr) => expr.match(/\btiemeng_\w+/g) ?? []);
    expect(used.length).toBeGreaterThan(5);
    // Families whose samples need something to have happened (a peer, a run, an incident) are
    // declared by their HELP line even when empty.
    const text = await (await fetch(`http://127.0.0.1:${node.metricsPort}/metrics`)).text();
    for (const name of used) expect(exposed.has(name) || text.includes(`# HELP ${name} `)).toBe(true);
  });
});
