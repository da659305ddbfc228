import type { Role } from '@tiemeng/db';

export type { Role };
export const ROLES = ['officer', 'duty', 'command', 'auditor', 'admin'] as const satisfies readonly Role[];

/** Officers who work cases: on patrol, at the duty desk, in command. */
export const FIELD_STAFF = ['officer', 'duty', 'command'] as const satisfies readonly Role[];
/** Field staff, and auditors who read what they did. */
export const READERS = [...FIELD_STAFF, 'auditor'] as const satisfies readonly Role[];
