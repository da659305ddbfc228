import { z } from 'zod';
import { deadlineMinutes } from '../../config/node-config.ts';
import { optionalProse, optionalText, prose, sha256, text } from '../event-data.ts';
import { residentIdSchema } from '../notice/notice-data.ts';

/**
 * The data each assistance event carries. The same schemas validate an officer's input and vet a
 * peer's signed event inside the fold, so both nodes accept exactly the same events.
 */
export const CATEGORIES = [
  'suspect_pursuit',
  'vehicle_check',
  'person_verification',
  'evidence_collection',
  'missing_person_search',
  'other',
] as const;
export const PRIORITIES = ['urgent', 'normal'] as const;
export const OUTCOMES = ['located', 'intercepted', 'arrested', 'not_found', 'other'] as const;

export const personSchema = z
  .object({
    name: optionalText(100),
    sex: z.enum(['male', 'female', 'unknown']).default('unknown'),
    approximateAge: z.number().int().min(0).max(130).optional(),
    description: optionalProse(2000),
    /** A resident ID number, checked and masked exactly as a notice's (`residentIdSchema`). */
    idNumber: residentIdSchema.optional(),
  })
  .strict();

export const vehicleSchema = z
  .object({ plate: optionalText(20), make: optionalText(60), colour: optionalText(30) })
  .strict();

export const attachmentSchema = z
  .object({
    name: text(200),
    sha256,
    size: z
      .number()
      .int()
      .min(0)
      .max(2 ** 40),
  })
  .strict();

/** What an officer fills in to file a request. */
export const fileInputSchema = z
  .object({
    requestingStation: text(63),
    addressedStation: text(63),
    category: z.enum(CATEGORIES),
    priority: z.enum(PRIORITIES),
    title: text(200),
    details: prose(10_000),
    subjects: z
      .object({
        persons: z.array(personSchema).max(50).default([]),
        vehicles: z.array(vehicleSchema).max(50).default([]),
      })
      .strict()
      .prefault({}),
    incident: z
      .object({ time: z.iso.datetime({ offset: true }).optional(), place: optionalText(500) })
      .strict()
      .prefault({}),
    attachments: z.array(attachmentSchema).max(20).default([]),
  })
  .strict();

/** The `file` event: the officer's input plus what the requesting node adds. */
export const fileEventSchema = fileInputSchema.extend({
  addressedNode: text(63),
  /** The agreement's deadlines in force when filed, signed with the request so both sides agree. */
  deadlines: z.object({
    ackMinutes: deadlineMinutes,
    completeMinutes: deadlineMinutes,
  }),
});

export const remarkSchema = z.object({ remark: optionalProse(4000) }).strict();
export const reasonSchema = z.object({ reason: prose(4000) }).strict();
export const infoSchema = z.object({ text: prose(4000) }).strict();

export const completeSchema = z
  .object({
    outcome: z.enum(OUTCOMES),
    text: prose(10_000),
    personsLocated: z.number().int().min(0).max(10_000).default(0),
    suspectsIntercepted: z.number().int().min(0).max(10_000).default(0),
    caseSolved: z.boolean().default(false),
  })
  .strict();

export const closeSchema = z
  .object({ rating: z.number().int().min(1).max(5).optional(), remark: optionalProse(4000) })
  .strict();

export type FileInput = z.input<typeof fileInputSchema>;
export type FileEvent = z.output<typeof fileEventSchema>;
export type Completion = z.output<typeof completeSchema>;
