import type { Role } from '../auth/roles.ts';
import type { AnyDeclared } from './record-service.ts';

/**
 * The permission rows of a declared record type: `<type>.<procedure>` → the roles its declaration
 * allows, for the creating action and every step. Reads (`get`, `list`) and extra procedures are
 * listed in the permission table itself.
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
  return rows;
}
