import type { RecordType } from '../events/index.ts';
import { assistance } from './assistance/assistance-type.ts';
import { mediationRecordType } from './mediation/mediation-fold.ts';
import { notice } from './notice/notice-type.ts';
import type { AnyDeclared } from './record-service.ts';

/** The declared record types every node knows. */
export const builtInDeclarations: readonly AnyDeclared[] = [assistance, notice];

/** The record types every node folds. */
export const builtInRecordTypes: RecordType[] = [
  ...builtInDeclarations.map((d) => d.recordType),
  mediationRecordType as RecordType,
];
