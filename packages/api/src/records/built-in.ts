import type { RecordType } from '../events/index.ts';
import { assistanceRecordType } from './assistance/assistance-type.ts';
import { mediationRecordType } from './mediation/mediation-fold.ts';
import { noticeRecordType } from './notice/notice-fold.ts';

/** The record types every node folds. */
export const builtInRecordTypes: RecordType[] = [
  assistanceRecordType as RecordType,
  mediationRecordType as RecordType,
  noticeRecordType as RecordType,
];
