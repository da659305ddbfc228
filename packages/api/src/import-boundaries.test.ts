/**
 * The folders' layering, read from the import graph: the events core sits below records and sync,
 * the peer client below sync, and record types reach the core only through its registration
 * interface (`events/index.ts`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = import.meta.dirname;

/** A folder that must not import another (or only one file of it, `except`). */
interface Rule {
  from: string;
  to: string;
  except?: string;
  why: string;
}

const RULES: Rule[] = [
  { from: 'events', to: 'records', why: 'the events core is below the record types' },
  { from: 'events', to: 'sync', why: 'the events core is below sync' },
  { from: 'events', to: 'peer', why: 'the events core is below the peer client' },
  { from: 'sync', to: 'records', why: 'sync knows links, entries and delivery only' },
  { from: 'peer', to: 'records', why: 'the peer client is below the record types' },
  { from: 'peer', to: 'sync', why: 'the peer client is below sync' },
  { from: 'records', to: 'sync', why: 'record types reach partners only through the events core' },
  { from: 'records', to: 'peer', why: 'record types reach partners only through the events core' },
  {
    from: 'records',
    to: 'events',
    except: 'events/index.ts',
    why: 'record types reach the core only through its registration interface',
  },
  { from: 'records', to: 'stats', why: 'statistics read the records, not the other way round' },
  { from: 'config', to: 'records', why: 'configuration is below the record types' },
  {
    from: 'auth',
    to: 'records',
    why: 'record types read roles from auth; their permission rows reach the table from records/',
  },
];

/**
 * Every relative import of every source file, as `file → imported file`, paths from src/. Tests are
 * left out: a test may reach into the layer it checks.
 */
function importGraph(root: string): [string, string][] {
  const edges: [string, string][] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        const file = relative(root, path);
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
          edges.push([file, normalize(join(dirname(file), m[1] ?? ''))]);
        }
      }
    }
  };
  walk(root);
  return edges;
}

const folderOf = (file: string) => file.split('/')[0];

/** The imports that break a rule, each as `file → imported (why)`. */
export function violations(edges: readonly [string, string][], rules: readonly Rule[]): string[] {
  return edges.flatMap(([file, imported]) =>
    rules
      .filter((r) => folderOf(file) === r.from && folderOf(imported) === r.to && imported !== r.except)
      .map((r) => `${file} → ${imported} (${r.why})`),
  );
}

describe('import boundaries', () => {
  it('no folder imports one the layering puts above it', () => {
    expect(violations(importGraph(SRC), RULES)).toEqual([]);
  });

  it('the check names an import across a boundary', () => {
    const edges: [string, string][] = [
      ['records/note/note-service.ts', 'sync/sync-deps.ts'],
      ['records/note/note-fold.ts', 'events/index.ts'],
      ['records/note/note-io.ts', 'events/append-event.ts'],
    ];
    expect(violations(edges, RULES)).toEqual([
      'records/note/note-service.ts → sync/sync-deps.ts (record types reach partners only through the events core)',
      'records/note/note-io.ts → events/append-event.ts (record types reach the core only through its registration interface)',
    ]);
  });

  it('keeps the permission table out of a cycle: auth reads no record declaration', () => {
    expect(violations([['auth/permissions.ts', 'records/assistance/assistance-type.ts']], RULES)).toEqual([
      'auth/permissions.ts → records/assistance/assistance-type.ts (record types read roles from auth; their permission rows reach the table from records/)',
    ]);
  });

  it('sees the imports of the source tree', () => {
    expect(importGraph(SRC)).toContainEqual(['records/record-io.ts', 'events/index.ts']);
  });
});
