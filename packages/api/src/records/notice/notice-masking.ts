import { maskIdNumber } from './id-number.ts';
import type { Subject } from './notice-data.ts';
import type { NoticeState } from './notice-type.ts';

/** Marks where a photo reference was withheld: ordinary reads show that there is one, not which. */
export const WITHHELD = 'withheld' as const;

export type MaskedSubject<T extends Partial<Subject> = Subject> = Omit<T, 'idNumber' | 'photo'> & {
  idNumber?: string;
  photo?: typeof WITHHELD;
};

/**
 * A subject (or a subject patch) as lists, `notice.get` and the timeline show it: ID number masked,
 * photo reference withheld. The full subject is only returned by `notice.reveal`, which is audited.
 */
export function maskSubject<T extends Partial<Subject>>(subject: T): MaskedSubject<T> {
  const { idNumber, photo, ...rest } = subject;
  // A rejected event's data was never validated: anything but a string is hidden whole.
  const masked = typeof idNumber === 'string' ? maskIdNumber(idNumber) : '*'.repeat(8);
  return {
    ...rest,
    ...(idNumber ? { idNumber: masked } : {}),
    ...(photo ? { photo: WITHHELD } : {}),
  };
}

export function maskState(state: NoticeState) {
  return { ...state, subject: maskSubject(state.subject) };
}

/** Event data with any subject in it masked (issue and update events carry one). */
export function maskEventData(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || !('subject' in data)) return data;
  const { subject } = data;
  if (!subject) return data;
  // As above: a subject that is not an object is not shown at all.
  if (typeof subject !== 'object') return { ...data, subject: WITHHELD };
  return { ...data, subject: maskSubject(subject) };
}
