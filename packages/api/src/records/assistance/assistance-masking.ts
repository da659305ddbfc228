import { maskSubject, WITHHELD } from '../notice/notice-masking.ts';
import type { AssistanceState } from './assistance-type.ts';

/**
 * A request's persons as `assistance.get` and the timeline show them: ID numbers masked exactly as
 * notices mask theirs (`maskSubject`). The full numbers are only returned by `assistance.reveal`,
 * which is audited with its reason.
 */
export function maskState(state: AssistanceState): AssistanceState {
  return {
    ...state,
    subjects: { ...state.subjects, persons: state.subjects.persons.map((p) => maskSubject(p)) },
  };
}

/** Event data with any persons in it masked (the `file` event carries them). */
export function maskEventData(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || !('subjects' in data)) return data;
  const { subjects } = data;
  if (typeof subjects !== 'object' || subjects === null)
    return subjects === undefined ? data : { ...data, subjects: WITHHELD };
  const persons = 'persons' in subjects ? subjects.persons : undefined;
  if (persons === undefined) return data;
  // A rejected event's data was never validated: persons that are not objects are not shown at all.
  const masked = Array.isArray(persons)
    ? persons.map((p) => (typeof p === 'object' && p !== null ? maskSubject(p) : WITHHELD))
    : WITHHELD;
  return { ...data, subjects: { ...subjects, persons: masked } };
}
