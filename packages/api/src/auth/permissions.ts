import { assistance } from '../records/assistance/assistance-type.ts';
import { recordPermissions } from '../records/record-permissions.ts';
import { ROLES, type Role } from './roles.ts';

/** Who may call a procedure. `public` needs no sign-in; `node` is a peer node's signed call. */
export type Audience = 'public' | 'node' | readonly Role[];

const everyone = ROLES;
const fieldStaff = ['officer', 'duty', 'command'] as const;
/** Field staff, and auditors who read what they did. */
const readers = [...fieldStaff, 'auditor'] as const;

/**
 * The role × procedure table: the single place that says which role may call what.
 * A procedure missing here is refused to everybody (fail closed), and a test walks every cell.
 * Record-level rules (which side of a record may act) live beside each record type's actions.
 */
export const permissions = {
  'auth.login': 'public',
  'auth.me': everyone,
  'auth.refresh': everyone,
  'auth.changePassword': everyone,
  'auth.consoleLogin': 'public',
  'auth.consoleRefresh': everyone,
  // Public so a console whose token ran out can still clear its cookie; it must come from the page.
  'auth.consoleLogout': 'public',

  'admin.stations.list': everyone,
  'admin.stations.create': ['admin'],
  'admin.stations.disable': ['admin'],
  'admin.officers.list': ['admin'],
  'admin.officers.create': ['admin'],
  'admin.officers.disable': ['admin'],
  'admin.officers.resetPassword': ['admin'],
  'admin.officers.unlock': ['admin'],
  'admin.officers.setRoles': ['admin'],

  'audit.list': ['auditor'],
  'audit.verify': ['auditor', 'admin', 'command'],

  'sync.push': 'node',
  'sync.pull': 'node',
  'sync.heads': 'node',
  'sync.status': ['admin', 'command'],
  'sync.incidents': ['admin', 'command', 'auditor'],
  'admin.keys.rotate': ['admin'],

  'reconcile.run': ['admin', 'command'],
  'reconcile.reports': ['admin', 'command', 'auditor'],
  'reconcile.report': ['admin', 'command', 'auditor'],
  'reconcile.exchange': 'node',
  'reconcile.inspect': 'node',
  'reconcile.anchor': 'node',
  'reconcile.anchors': 'node',
  'reconcile.headAnchor': 'node',
  'reconcile.lost': 'node',

  // file and every step: roles from the declaration (records/assistance/assistance-type.ts).
  ...recordPermissions(assistance),
  'assistance.get': readers,
  'assistance.list': readers,
  // The persons' full ID numbers: duty desk and command only, as for notices.
  'assistance.reveal': ['duty', 'command'],

  'mediation.open': fieldStaff,
  'mediation.addParty': fieldStaff,
  'mediation.addMediator': fieldStaff,
  'mediation.recordSession': fieldStaff,
  'mediation.proposeAgreement': fieldStaff,
  'mediation.signAgreement': fieldStaff,
  'mediation.recordOutcome': fieldStaff,
  'mediation.recordFollowUp': fieldStaff,
  'mediation.get': readers,
  'mediation.list': readers,

  'notice.issue': fieldStaff,
  'notice.update': fieldStaff,
  'notice.reportSighting': fieldStaff,
  'notice.reportLocated': fieldStaff,
  'notice.confirm': fieldStaff,
  'notice.resolve': fieldStaff,
  'notice.renew': fieldStaff,
  'notice.get': readers,
  'notice.list': readers,
  // The unmasked subject (full ID number, photo reference): duty desk and command only.
  'notice.reveal': ['duty', 'command'],

  'feed.live': fieldStaff,

  'stats.summary': ['command', 'admin'],
  'stats.export': ['command', 'admin'],
  'stats.compare': ['command', 'admin'],
  'stats.figures': 'node',

  // Public keys only: every officer's console verifies the signed steps it shows.
  'keys.jwks': everyone,
} as const satisfies Record<string, Audience>;

export type ProcedurePath = keyof typeof permissions;

/** True when `roles` may call `path` as an officer. */
export function mayCall(path: string, roles: readonly Role[]): boolean {
  const audience = (permissions as Record<string, Audience>)[path];
  if (audience === undefined || audience === 'node') return false;
  if (audience === 'public') return true;
  return roles.some((r) => audience.includes(r));
}
