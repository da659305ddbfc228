export { type ErrorCode, errorCodes, isRefusal } from './error-codes.ts';
export { errorData, type TiemengErrorData, toTiemengError } from './format-error.ts';
export { type FieldIssue, invalidInput, TiemengError } from './tiemeng-error.ts';
