import { type Audience, nodePermissions } from '../auth/permissions.ts';
import type { Role } from '../auth/roles.ts';
import { recordTypePermissions } from '../records/record-permissions.ts';

export type { Audience };

/**
 * The role × procedure table: the single place every call is checked against. The node's own rows
 * are written in auth/permissions.ts; each record type's rows come from its declaration. A procedure
 * missing here is refused to everybody (fail closed), and a test walks every cell.
 * Record-level rules (which side of a record may act) live in each record type's declaration.
 */
export const permissions: Readonly<Record<string, Audience>> = {
  ...nodePermissions,
  ...recordTypePermissions,
};

/** True when `roles` may call `path` as an officer. */
export function mayCall(path: string, roles: readonly Role[]): boolean {
  const audience = permissions[path];
  if (audience === undefined || audience === 'node') return false;
  if (audience === 'public') return true;
  return roles.some((r) => audience.includes(r));
}
