import pg from 'pg';

/** The advisory lock the gate holds ('kill'), apart from the record locks (hashed ids) and the audit chain's. */
const GATE_KEY = 0x6b696c6c;

/** A backend of the held process, stopped at the gate with its group written but not committed. */
export interface HeldBackend {
  pid: number;
  /** Whether its transaction has written (it has a transaction id). */
  wrote: boolean;
}

/**
 * Holds, in a node's database, every group of filings written by the API process connected as
 * `applicationName`, right after the group's last write (its audit rows) and before its commit: a
 * trigger on audit_log waits for an advisory lock the gate holds from its own connection. Rows from
 * other procedures (sign-ins, reads) and other processes pass; other processes' groups then wait
 * only for the locks the held group has (the link head, the audit chain), as they would for a slow
 * commit.
 *
 * @example
 * const held = await holdFilingGroups(db.connectionString, 'zj-api-2');
 * const backend = await held.backend(); // once the process's group waits at the gate
 * held.release();
 */
export async function holdFilingGroups(connectionString: string, applicationName: string) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  await client.query('select pg_advisory_lock($1)', [GATE_KEY]);
  await client.query(`
    create function hold_filing_group() returns trigger language plpgsql as $$
    begin
      if current_setting('application_name') = ${client.escapeLiteral(applicationName)}
         and exists (select 1 from new_rows where procedure = 'assistance.file') then
        perform pg_advisory_xact_lock(${GATE_KEY});
      end if;
      return null;
    end $$`);
  await client.query(`
    create trigger hold_filing_group after insert on audit_log
    referencing new table as new_rows for each statement execute function hold_filing_group()`);
  let released = false;
  return {
    /** The held process's backend waiting at the gate, if one is. */
    async backend(): Promise<HeldBackend | undefined> {
      const { rows } = await client.query<HeldBackend>(
        `select a.pid, a.backend_xid is not null as wrote
           from pg_locks l join pg_stat_activity a on a.pid = l.pid
          where l.locktype = 'advisory' and not l.granted
            and l.classid = 0 and l.objid = $1 and l.objsubid = 1
            and l.database = (select oid from pg_database where datname = current_database())
            and a.application_name = $2`,
        [GATE_KEY, applicationName],
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
    /** Lets held groups go on (a backend whose client is gone then finds it gone and rolls back). */
    async release(): Promise<void> {
      if (released) return;
      released = true;
      await client.query('select pg_advisory_unlock($1)', [GATE_KEY]);
    },
    /** Releases the gate and removes the trigger. */
    async close(): Promise<void> {
      await this.release();
      await client.query('drop trigger hold_filing_group on audit_log');
      await client.query('drop function hold_filing_group()');
      await client.end();
    },
  };
}
