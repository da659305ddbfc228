import { AUDIT_LOCK } from '@tiemeng/api/testing';
import pg from 'pg';

/** The advisory locks the gate holds, group n at GATE_KEY + n ('kill' + n): apart from the record locks (hashed ids) and the audit chain's. */
const GATE_KEY = 0x6b696c6c;

/** A backend of the held process, stopped at the gate with its group written but not committed. */
export interface HeldBackend {
  pid: number;
  /** Whether its transaction has written (it has a transaction id). */
  wrote: boolean;
  /** Records its group has locked: one per filing when each files a new request. */
  records: number;
}

/**
 * Holds, in a node's database, the first `groups` groups of filings written by the API process
 * connected as `applicationName`, each right after its last write (its audit rows) and before its
 * commit, until the test lets it go: a trigger on audit_log waits for an advisory lock the gate
 * holds from its own connection, one per group, and counts the groups that got past (in their own
 * transactions, so a group rolled back is not counted). Rows of other procedures (sign-ins, reads)
 * and of other processes pass; other processes' groups then wait only for the locks a held group
 * has (its link head, the audit chain), as they would for a slow commit.
 *
 * @example
 * const gate = await holdFilingGroups(db.connectionString, 'zj-api-2', 1);
 * const held = await gate.waiting(1); // once the process's first group is at the gate
 * await gate.release(1);
 */
export async function holdFilingGroups(connectionString: string, applicationName: string, groups: number) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const keys = Array.from({ length: groups }, (_, i) => GATE_KEY + i + 1);
  await client.query('select pg_advisory_lock(k) from unnest($1::int8[]) as k', [keys]);
  await client.query('create table held_group_passed (passed_at timestamptz not null default now())');
  await client.query(`
    create function hold_filing_group() returns trigger language plpgsql as $$
    begin
      if current_setting('application_name') = ${client.escapeLiteral(applicationName)}
         and exists (select 1 from new_rows where procedure = 'assistance.file') then
        perform pg_advisory_xact_lock(${GATE_KEY} + 1 + (select count(*) from held_group_passed));
        insert into held_group_passed default values;
      end if;
      return null;
    end $$`);
  await client.query(`
    create trigger hold_filing_group after insert on audit_log
    referencing new table as new_rows for each statement execute function hold_filing_group()`);
  const held = new Set(keys);
  const release = async (key: number) => {
    if (!held.delete(key)) return;
    await client.query('select pg_advisory_unlock($1)', [key]);
  };
  return {
    /** The process's backend waiting at the gate with its `n`th group (from 1), if one is. */
    async waiting(n: number): Promise<HeldBackend | undefined> {
      const { rows } = await client.query<HeldBackend>(
        `select a.pid, a.backend_xid is not null as wrote,
                (select count(*)::int from pg_locks r
                  where r.pid = a.pid and r.locktype = 'advisory' and r.granted
                    and not (r.classid = 0 and r.objid = $3)) as records
           from pg_locks l join pg_stat_activity a on a.pid = l.pid
          where l.locktype = 'advisory' and not l.granted
            and l.classid = 0 and l.objid = $1 and l.objsubid = 1
            and l.database = (select oid from pg_database where datname = current_database())
            and a.application_name = $2`,
        [GATE_KEY + n, applicationName, AUDIT_LOCK],
      );
      return rows[0];
    },
    /** Whether a backend of the process connected as `other` waits for a lock that backend `pid` holds. */
    async waitsFor(other: string, pid: number): Promise<boolean> {
      const { rows } = await client.query(
        `select 1 from pg_stat_activity
          where datname = current_database() and application_name = $1 and $2 = any(pg_blocking_pids(pid))`,
        [other, pid],
      );
      return rows.length > 0;
    },
    /** Whether backend `pid` has ended. */
    async ended(pid: number): Promise<boolean> {
      const { rows } = await client.query('select 1 from pg_stat_activity where pid = $1', [pid]);
      return rows.length === 0;
    },
    /** Lets the `n`th group go on (a backend whose client is gone then finds it gone and rolls back). */
    release: (n: number) => release(GATE_KEY + n),
    /** Lets every group go and takes the gate away. */
    async close(): Promise<void> {
      for (const key of [...held]) await release(key);
      await client.query('drop trigger hold_filing_group on audit_log');
      await client.query('drop function hold_filing_group()');
      await client.query('drop table held_group_passed');
      await client.end();
    },
  };
}
