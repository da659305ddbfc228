import type { Database } from '@tiemeng/db';
import { type Kysely, sql } from 'kysely';

export interface Incident {
  at: Date;
  peer: string;
  kind: string;
  seq: number | null;
  detail: string;
  evidence: Record<string, unknown>;
}

/** Stores an incident. Pass the pool, not the refused call's transaction, so it survives the rollback. */
export async function recordIncident(db: Kysely<Database>, incident: Incident): Promise<void> {
  await db
    .insertInto('sync_incident')
    .values({ ...incident, evidence: JSON.stringify(incident.evidence) })
    .execute();
}

/**
 * Stores an incident unless the very same one (peer, kind, seq, detail and evidence) is already on
 * record: a divergence that lasts is found again by every reconciliation run, and auditors should see
 * it once, not once per run. Returns whether it was stored. Two processes finding the same incident
 * at once take turns (a transaction lock on it), so the second sees the first's row.
 */
export async function recordIncidentOnce(db: Kysely<Database>, incident: Incident): Promise<boolean> {
  const evidence = JSON.stringify(incident.evidence);
  const key = JSON.stringify([incident.peer, incident.kind, incident.seq, incident.detail]);
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
    const { rows } = await sql<{ id: number }>`
      insert into sync_incident (at, peer, kind, seq, detail, evidence)
      select ${incident.at}, ${incident.peer}, ${incident.kind}, ${incident.seq}::int8, ${incident.detail}, ${evidence}::jsonb
      where not exists (
        select 1 from sync_incident
         where peer = ${incident.peer} and kind = ${incident.kind} and seq is not distinct from ${incident.seq}::int8
           and detail = ${incident.detail} and evidence = ${evidence}::jsonb)
      returning id`.execute(trx);
    return rows.length > 0;
  });
}
