import { ROLES, type Role } from './roles.ts';

/** Who may call a procedure. `public` needs no sign-in; `node` is a peer node's signed call. */
export type Audience = 'public' | 'node' | readonly Role[];

const everyone = ROLES;
const fieldStaff = ['officer', 'duty', 'command'] as const;

/**
 * Who may call the node's own procedures (sign-in, administration, audit, sync, reconciliation,
 * feed, statistics, keys). Record types declare the roles of theirs (records/record-permissions.ts);
 * trpc/permissions.ts joins both into the one table every call is checked against.
 */
export const nodePermissions = {
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

  'feed.live': fieldStaff,

  'stats.summary': ['command', 'admin'],
  'stats.export': ['command', 'admin'],
  'stats.compare': ['command', 'admin'],
  'stats.figures': 'node',

  // Public keys only: every officer's console verifies the signed steps it shows.
  'keys.jwks': everyone,
} as const satisfies Record<string, Audience>;
