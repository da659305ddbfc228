import { assistanceRecordType } from './assistance/assistance-fold.ts';
import type { RecordType } from './record-type.ts';

/** The record types every node folds. */
export const builtInRecordTypes: RecordType[] = [assistanceRecordType as RecordType];
