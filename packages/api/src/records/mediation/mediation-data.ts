import { z } from 'zod';
import { dateTime, optionalProse, optionalText, prose, sha256, text } from '../event-data.ts';

/**
 * The data each mediation event carries. The same schemas validate an officer's input and vet a
 * peer's signed event inside the fold, so both nodes accept exactly the same events.
 */
export const DISPUTE_TYPES = [
  'neighbourhood',
  'land_boundary',
  'family',
  'commercial',
  'traffic',
  'labour',
  'other',
] as const;
export const PARTY_ROLES = ['claimant', 'respondent', 'other'] as const;
/** 随警调解 / 联合调解 / 专业调解. */
export const MECHANISMS = ['on_the_spot', 'joint', 'professional'] as const;
export const MEDIATOR_KINDS = ['officer', 'volunteer'] as const;
export const RESULTS = ['agreement', 'partial', 'failed', 'referred'] as const;
export const REFERRED_TO = ['court', 'judicial_office', 'other_department'] as const;
/** What the follow-up visit found: 矛盾化解 / 仍在履行 / 未化解. */
export const FOLLOW_UP_RESULTS = ['resolved', 'ongoing', 'unresolved'] as const;

const nodeId = text(63);

/** A party to the dispute; `province` is the side of the border they come from (e.g. zhejiang, fujian). */
export const partySchema = z
  .object({
    name: text(100),
    province: text(40),
    role: z.enum(PARTY_ROLES),
    contact: optionalText(100),
  })
  .strict();

/** Officers of either side, or community volunteers such as 五老 elders; `node` is the side they serve. */
export const mediatorSchema = z
  .object({
    name: text(100),
    kind: z.enum(MEDIATOR_KINDS),
    node: nodeId.optional(),
    note: optionalProse(500),
  })
  .strict();

/** Professional mediation names the organisation the dispute was referred to. */
export const mechanismSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('on_the_spot') }).strict(),
  z.object({ kind: z.literal('joint') }).strict(),
  z.object({ kind: z.literal('professional'), organisation: text(200) }).strict(),
]);

export const sessionSchema = z
  .object({
    at: dateTime,
    place: text(500),
    attendees: z.array(text(100)).max(100).default([]),
    notes: optionalProse(10_000),
  })
  .strict();

/** What an officer fills in to open a mediation with a partner station as co-mediator. */
export const openInputSchema = z
  .object({
    openingStation: text(63),
    partnerStation: text(63),
    disputeType: z.enum(DISPUTE_TYPES),
    summary: prose(4000),
    mechanism: mechanismSchema,
    parties: z.array(partySchema).max(50).default([]),
    mediators: z.array(mediatorSchema).max(50).default([]),
  })
  .strict();

/** The `open` event: the officer's input plus the partner's node, resolved by the opening node. */
export const openEventSchema = openInputSchema.extend({ partnerNode: nodeId });

export const proposeInputSchema = z.object({ terms: prose(20_000) }).strict();
/** The proposal carries the hash of its terms; the fold recomputes it (see terms-hash.ts). */
export const proposeEventSchema = proposeInputSchema.extend({ termsHash: sha256 });
export const signSchema = z.object({ termsHash: sha256 }).strict();

const outcomeFields = {
  result: z.enum(RESULTS),
  referredTo: z.enum(REFERRED_TO).optional(),
  note: optionalProse(4000),
};

/** A referral names where it went; other results name none. */
const referralRule = (o: { result: string; referredTo?: string }, ctx: z.RefinementCtx) => {
  if (o.result === 'referred' && !o.referredTo)
    ctx.addIssue({ code: 'custom', path: ['referredTo'], message: 'a referral names where it went' });
  if (o.result !== 'referred' && o.referredTo)
    ctx.addIssue({ code: 'custom', path: ['referredTo'], message: 'only a referral names where it went' });
};

export const outcomeInputSchema = z.object(outcomeFields).strict().superRefine(referralRule);
/** The outcome event carries the follow-up period in force, signed, so both nodes derive the same due date. */
export const outcomeEventSchema = z
  .object({ ...outcomeFields, followUpDays: z.number().int().positive().max(3650) })
  .strict()
  .superRefine(referralRule);

export const followUpSchema = z
  .object({
    result: z.enum(FOLLOW_UP_RESULTS),
    /** When the visit took place; the recording time when absent. */
    visitedAt: dateTime.optional(),
    note: optionalProse(4000),
  })
  .strict();

export type OpenInput = z.input<typeof openInputSchema>;
/** An officer's opening as the input schema parsed it (the node adds the partner's node). */
export type OpenCommand = z.output<typeof openInputSchema>;
export type OpenEvent = z.output<typeof openEventSchema>;
export type Party = z.output<typeof partySchema>;
export type Mediator = z.output<typeof mediatorSchema>;
export type Session = z.output<typeof sessionSchema>;
export type OutcomeInput = z.output<typeof outcomeInputSchema>;
export type OutcomeEvent = z.output<typeof outcomeEventSchema>;
export type FollowUp = z.output<typeof followUpSchema>;
