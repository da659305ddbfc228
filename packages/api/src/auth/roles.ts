import type { Role } from '@tiemeng/db';

export type { Role };
export const ROLES = ['officer', 'duty', 'command', 'auditor', 'admin'] as const satisfies readonly Role[];
