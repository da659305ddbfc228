import { z } from 'zod';

/** Field shapes shared by the record types' event data (input validation and fold vetting alike). */
export const text = (max: number) => z.string().trim().min(1).max(max);
export const optionalText = (max: number) => z.string().trim().max(max).optional();
export const dateTime = z.iso.datetime({ offset: true });
export const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256');

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** An ISO time `minutes` after `iso` (due times derived from signed author times). */
export const plusMinutes = (iso: string, minutes: number) =>
  new Date(Date.parse(iso) + minutes * MINUTE).toISOString();
/** An ISO time `days` after `iso`. */
export const plusDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY).toISOString();
