import type { Role } from '../auth/roles.ts';
import { builtInDeclarations } from './built-in.ts';
import type { AnyDeclared } from './record-service.ts';

/**
 * The permission rows of a declared record type: `<type>.<procedure>` → the roles its declaration
 * allows, for the creating action, every step and every read.
 *
 * @example
 * recordPermissions(notice)['notice.resolve']; // ['officer', 'duty', 'command']
 */
export function recordPermissions(declared: AnyDeclared): Record<string, readonly Role[]> {
  const rows: Record<string, readonly Role[]> = {
    [`${declared.type}.${declared.create.procedure}`]: declared.create.roles,
  };
  const procedures: Record<string, string> = declared.procedures;
  for (const [procedure, action] of Object.entries(procedures)) {
    const spec: { roles: readonly Role[] } | undefined = declared.actions[action];
    if (spec) rows[`${declared.type}.${procedure}`] = spec.roles;
  }
  const reads: Record<string, readonly Role[]> = declared.reads;
  for (const [procedure, roles] of Object.entries(reads)) rows[`${declared.type}.${procedure}`] = roles;
  return rows;
}

/**
 * The rows of every built-in record type. The permission table (trpc/permissions.ts) takes them
 * from here, so `auth/` never reads a record type: records sit above auth, not beside it.
 */
export const recordTypePermissions: Readonly<Record<string, readonly Role[]>> = Object.assign(
  {},
  ...builtInDeclarations.map(recordPermissions),
);
