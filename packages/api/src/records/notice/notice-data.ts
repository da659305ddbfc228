import { z } from 'zod';
import { dateTime, optionalProse, optionalText, prose, sha256, text } from '../event-data.ts';
import { isValidResidentId } from './id-number.ts';

/**
 * The data each notice event carries. The same schemas validate an officer's input and vet a
 * partner's signed event inside the fold, so both nodes accept exactly the same events.
 */
export const NOTICE_KINDS = ['missing_person', 'fugitive'] as const;
export const SEXES = ['male', 'female', 'unknown'] as const;
export const VULNERABILITIES = ['minor', 'elderly', 'dementia', 'medical_need'] as const;
export const CAUTIONS = ['armed', 'violent', 'self_harm_risk'] as const;
export const REQUESTED_ACTIONS = ['locate', 'detain', 'report_only'] as const;
export const REPORT_KINDS = ['located', 'intercepted'] as const;
export const RESOLUTIONS = ['found_safe', 'found_deceased', 'arrested', 'cancelled'] as const;

export type NoticeKind = (typeof NOTICE_KINDS)[number];
export type Resolution = (typeof RESOLUTIONS)[number];

const distinct = <T>(items: readonly T[]) => new Set(items).size === items.length;
const flags = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.array(z.enum(values)).max(values.length).refine(distinct, 'each value at most once');

/** Upper-cased so `x` and `X` are the same number; the check digit is verified (see id-number.ts). */
export const residentIdSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isValidResidentId, 'an 18-character resident ID number with a valid check digit');

/** A reference to a photo kept at the issuing node: the bytes never travel, only their hash and size. */
export const photoSchema = z
  .object({
    sha256,
    size: z
      .number()
      .int()
      .min(1)
      .max(50 * 2 ** 20),
  })
  .strict();

/** Subject fields without defaults, so the same set serves issue (required parts) and update (a patch). */
const subjectFields = {
  name: text(100),
  aliases: z.array(text(100)).max(20),
  sex: z.enum(SEXES),
  birthDate: z.iso.date(),
  idNumber: residentIdSchema,
  photo: photoSchema,
  /** Physical description: height, build, clothing, marks. */
  description: prose(4000),
};

export const subjectSchema = z
  .object({
    ...subjectFields,
    aliases: subjectFields.aliases.default([]),
    sex: subjectFields.sex.default('unknown'),
    birthDate: subjectFields.birthDate.optional(),
    idNumber: subjectFields.idNumber.optional(),
    photo: subjectFields.photo.optional(),
    description: subjectFields.description.optional(),
  })
  .strict();
export const subjectPatchSchema = z.object(subjectFields).partial().strict();

export const lastSeenSchema = z.object({ place: text(500), time: dateTime }).strict();
export const contactOfficerSchema = z.object({ name: text(100), phone: optionalText(40) }).strict();

const missingFields = { circumstances: prose(4000), vulnerability: flags(VULNERABILITIES) };
export const missingSchema = z
  .object({ ...missingFields, vulnerability: missingFields.vulnerability.default([]) })
  .strict();

const fugitiveFields = {
  caseNumber: text(60),
  /** The arrest warrant or detention decision the notice rests on. */
  warrantReference: text(100),
  offence: text(500),
  caution: flags(CAUTIONS),
  requestedAction: z.enum(REQUESTED_ACTIONS),
};
export const fugitiveSchema = z
  .object({ ...fugitiveFields, caution: fugitiveFields.caution.default([]) })
  .strict();

const issueFields = {
  issuingStation: text(63),
  /** Partner stations; the issuing node resolves each to its node. */
  recipientStations: z.array(text(63)).min(1).max(20).refine(distinct, 'each station at most once'),
  subject: subjectSchema,
  lastSeen: lastSeenSchema,
  contactOfficer: contactOfficerSchema,
};
const missingIssue = z
  .object({ ...issueFields, kind: z.literal('missing_person'), missing: missingSchema })
  .strict();
const fugitiveIssue = z
  .object({ ...issueFields, kind: z.literal('fugitive'), fugitive: fugitiveSchema })
  .strict();

/** What an officer fills in to issue a notice. */
export const issueInputSchema = z.discriminatedUnion('kind', [missingIssue, fugitiveIssue]);

/** What the issuing node adds, signed with the notice so both sides derive the same review date. */
const issueExtra = {
  /** The node of each recipient station, index for index. */
  recipientNodes: z.array(text(63)).min(1).max(20),
  /** The agreement's review period in force at issue (`agreement.noticeReviewDays`). */
  reviewDays: z.number().int().min(1).max(3650),
};
export const issueEventSchema = z
  .discriminatedUnion('kind', [missingIssue.extend(issueExtra), fugitiveIssue.extend(issueExtra)])
  .refine((d) => d.recipientNodes.length === d.recipientStations.length, 'one node per recipient station');

/** The owner corrects or completes details; sections given are merged over the current ones. */
export const updateSchema = z
  .object({
    subject: subjectPatchSchema.optional(),
    lastSeen: lastSeenSchema.optional(),
    contactOfficer: contactOfficerSchema.optional(),
    missing: z.object(missingFields).partial().strict().optional(),
    fugitive: z.object(fugitiveFields).partial().strict().optional(),
    remark: optionalProse(4000),
  })
  .strict()
  .refine(
    (u) => [u.subject, u.lastSeen, u.contactOfficer, u.missing, u.fugitive].some((s) => s !== undefined),
    'change at least one section',
  );

export const sightingSchema = z.object({ time: dateTime, place: text(500), detail: prose(4000) }).strict();
export const locatedSchema = sightingSchema.extend({ kind: z.enum(REPORT_KINDS) }).strict();
export const confirmSchema = z
  .object({ reportEventId: z.uuid(), accepted: z.boolean(), remark: optionalProse(4000) })
  .strict();
export const resolveSchema = z.object({ outcome: z.enum(RESOLUTIONS), remark: optionalProse(4000) }).strict();
export const renewSchema = z.object({ remark: optionalProse(4000) }).strict();

export type IssueInput = z.input<typeof issueInputSchema>;
/** An officer's issue as the input schema parsed it (the node adds recipient nodes and the review period). */
export type IssueCommand = z.output<typeof issueInputSchema>;
export type IssueEvent = z.output<typeof issueEventSchema>;
export type Subject = z.output<typeof subjectSchema>;
export type NoticeUpdate = z.output<typeof updateSchema>;
export type SightingData = z.output<typeof sightingSchema>;
export type LocatedData = z.output<typeof locatedSchema>;
export type ConfirmData = z.output<typeof confirmSchema>;
export type ResolveData = z.output<typeof resolveSchema>;
