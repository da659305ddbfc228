import { z } from 'zod';
import { HLC_PATTERN } from '../events/hlc.ts';
import type { EventRow } from '../events/sql/insert-event.ts';

export const ENTRY_TYP = 'tiemeng-entry+jws';
export const LINK_GENESIS = '0'.repeat(64);

export const eventActorSchema = z.object({
  officer: z.string().max(100).nullable(),
  station: z.string().max(100).nullable(),
  roles: z.array(z.string().max(20)).max(10),
});

/**
 * A UUID as stored and compared here: lower-case only, so one id has one spelling (PostgreSQL answers
 * ids in lower case; an upper-case spelling would pass a comparison with a stored id as different).
 */
const canonicalUuid = z.uuid().regex(/^[0-9a-f-]+$/, 'a UUID in lower case');

/** Claims of a link entry, version 1. The JWS carrying them is the canonical form. */
export const entryPayloadSchema = z
  .object({
    v: z.literal(1),
    id: canonicalUuid,
    from: z.string().min(1).max(64),
    to: z.string().min(1).max(64),
    seq: z.number().int().positive(),
    prev: z.string().regex(/^[0-9a-f]{64}$/),
    hlc: z.string().regex(HLC_PATTERN),
    actor: eventActorSchema,
    record: z.object({ type: z.string().min(1).max(64), id: canonicalUuid }),
    kind: z.string().min(1).max(64),
    data: z.unknown(),
  })
  .strict();

export type EntryPayload = z.infer<typeof entryPayloadSchema>;

/** The event an entry of a link carries, as stored. */
export function eventOfEntry(p: EntryPayload): EventRow {
  return {
    id: p.id,
    recordType: p.record.type,
    recordId: p.record.id,
    author: p.from,
    hlc: p.hlc,
    kind: p.kind,
    actor: p.actor,
    data: p.data,
  };
}
