export { callerFor } from '../node/in-process-caller.ts';
