import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';

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
