/**
 * Which roles each page is for, as the node's permission table says of the procedures the page
 * calls (packages/api/src/trpc/permissions.ts). The node refuses anyway; this keeps the navigation
 * to what the officer can use.
 */
export type Page =
  | 'desk'
  | 'newRequest'
  | 'request'
  | 'notices'
  | 'newNotice'
  | 'mediations'
  | 'newMediation'
  | 'dashboard'
  | 'audit'
  | 'links'
  | 'admin';

const field = ['officer', 'duty', 'command'];
const readers = [...field, 'auditor'];

export const pageRoles: Record<Page, readonly string[]> = {
  desk: field, // feed.live, assistance.list
  newRequest: field, // assistance.file
  request: readers, // assistance.get
  notices: readers,
  newNotice: field,
  mediations: readers,
  newMediation: field,
  dashboard: ['command', 'admin'], // stats.summary
  audit: ['auditor'], // audit.list
  links: ['admin', 'command'], // sync.status
  admin: ['admin'],
};

export function mayUse(page: Page, roles: readonly string[]): boolean {
  return roles.some((r) => pageRoles[page].includes(r));
}

/** Navigation, in order, with each page's path. */
export const navPages: { page: Page; path: string }[] = [
  { page: 'desk', path: '/desk' },
  { page: 'newRequest', path: '/requests/new' },
  { page: 'notices', path: '/notices' },
  { page: 'mediations', path: '/mediations' },
  { page: 'dashboard', path: '/dashboard' },
  { page: 'audit', path: '/audit' },
  { page: 'links', path: '/links' },
  { page: 'admin', path: '/admin' },
];

/** Where `/` leads a signed-in officer: the duty desk, an auditor's audit log, else the first page allowed. */
export function homePath(roles: readonly string[]): string {
  if (mayUse('desk', roles)) return '/desk';
  if (mayUse('audit', roles)) return '/audit';
  return navPages.find((p) => mayUse(p.page, roles))?.path ?? '/desk';
}

/** The page asked for before sign-in (`?next=`), if it is a page of this console. */
export function afterSignIn(search: string): string | null {
  const next = new URLSearchParams(search).get('next');
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/signin') ? next : null;
}
