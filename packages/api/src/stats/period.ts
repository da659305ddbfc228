import { TiemengError } from '../errors/index.ts';

/** Both provinces keep China Standard Time: days, weeks and months of the statistics are cut there. */
export const STATS_TIME_ZONE = 'Asia/Shanghai';
const OFFSET = '+08:00';

export interface Period {
  from: Date;
  /** Exclusive. */
  until: Date;
}

/** `from`/`to` are calendar dates (YYYY-MM-DD), both inclusive, in China Standard Time. */
export function periodOf(from: string, to: string): Period {
  const start = new Date(`${from}T00:00:00${OFFSET}`);
  const end = new Date(`${to}T00:00:00${OFFSET}`);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()))
    throw new TiemengError('INVALID_INPUT', { message: 'Dates must be YYYY-MM-DD' });
  if (end < start) throw new TiemengError('INVALID_INPUT', { message: '`to` is before `from`' });
  return { from: start, until: new Date(end.getTime() + 24 * 3600_000) };
}
