import type { Migration, MigrationProvider } from 'kysely/migration';
import * as m0001 from './0001-foundation.ts';
import * as m0002 from './0002-sync.ts';
import * as m0003 from './0003-record-feed.ts';
import * as m0004 from './0004-stat-facts.ts';
import * as m0005 from './0005-reconcile.ts';
import * as m0006 from './0006-feed-without-lock.ts';
import * as m0007 from './0007-index-tuning.ts';
import * as m0008 from './0008-audit-no-fork.ts';
import * as m0009 from './0009-feed-in-transaction-order.ts';
import * as m0010 from './0010-pull-status.ts';
import * as m0012 from './0012-sign-in-throttle.ts';
import * as m0013 from './0013-audit-correlation.ts';
import * as m0014 from './0014-audit-note.ts';
import * as m0015 from './0015-metrics-index.ts';
import * as m0017 from './0017-record-change-notify.ts';
import * as m0018 from './0018-audit-hash-unindexed.ts';

/**
 * Every migration, in order. Names are zero-padded so they sort correctly;
 * migrations are forward-only (Kysely's Migrator refuses one sorting before an applied one).
 */
export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-sync': m0002,
  '0003-record-feed': m0003,
  '0004-stat-facts': m0004,
  '0005-reconcile': m0005,
  '0006-feed-without-lock': m0006,
  '0007-index-tuning': m0007,
  '0008-audit-no-fork': m0008,
  '0009-feed-in-transaction-order': m0009,
  '0010-pull-status': m0010,
  '0012-sign-in-throttle': m0012,
  '0013-audit-correlation': m0013,
  '0014-audit-note': m0014,
  '0015-metrics-index': m0015,
  '0017-record-change-notify': m0017,
  '0018-audit-hash-unindexed': m0018,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
