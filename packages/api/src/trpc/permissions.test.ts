import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { OfficerIdentity } from '../auth/officer-token.ts';
import { ROLES } from '../auth/roles.ts';
import { appRouter } from '../routers/app-router.ts';
import { callerFor, startTestNode, type TestNode } from '../testing/index.ts';
import { type Audience, permissions } from './permissions.ts';

const table = permissions as Record<string, Audience>;
const procedurePaths = Object.keys(appRouter._def.procedures).sort();

describe('role × procedure table', () => {
  let node: TestNode;
  const officers = new Map<string, OfficerIdentity>();
  beforeAll(async () => {
    node = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
    for (const role of ROLES) {
      const { officer } = await callerFor(node.services).auth.login({
        username: `zj.${role}`,
        password: 'tiemeng-demo',
      });
      officers.set(role, officer);
    }
  });
  afterAll(() => node.destroy());

  it('covers exactly the procedures the API serves', () => {
    expect(Object.keys(table).sort()).toEqual(procedurePaths);
  });

  const cells = procedurePaths.flatMap((path) => {
    const audience = table[path];
    if (!Array.isArray(audience)) return [];
    return ROLES.map((role) => ({ path, role, allowed: (audience as readonly string[]).includes(role) }));
  });

  it.each(cells)('$path as $role → allowed: $allowed', async ({ path, role, allowed }) => {
    const officer = officers.get(role)!;
    const caller = callerFor(node.services, officer);
    const procedure = path
      .split('.')
      .reduce<unknown>((obj, key) => (obj as Record<string, unknown>)[key], caller) as (
      input: unknown,
    ) => Promise<unknown>;
    // `{}` is never a harmful input: where a role is allowed, writes fail validation and change nothing.
    const outcome = await procedure({}).then(
      () => 'ok',
      (err: { appCode?: string }) => err.appCode,
    );
    if (allowed) {
      expect(outcome).not.toBe('FORBIDDEN_ROLE');
    } else {
      expect(outcome).toBe('FORBIDDEN_ROLE');
      const audit = await node.services.db
        .selectFrom('audit_log')
        .select(['outcome', 'error_code'])
        .where('procedure', '=', path)
        .where('actor_id', '=', officer.officerId)
        .orderBy('id', 'desc')
        .executeTakeFirst();
      expect(audit).toEqual({ outcome: 'refused', error_code: 'FORBIDDEN_ROLE' });
    }
  });
});
