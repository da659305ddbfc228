import type { RecordType } from '../events/index.ts';
import { assistance } from './assistance/assistance-type.ts';
import { mediation } from './mediation/mediation-type.ts';
import { notice } from './notice/notice-type.ts';
import type { AnyDeclared } from './record-service.ts';

/** The declared record types every node knows. */
export const builtInDeclarations: readonly AnyDeclared[] = [assistance, notice, mediation];

/** The record types every node folds. */
export const builtInRecordTypes: RecordType[] = builtInDeclarations.map((d) => d.recordType);
