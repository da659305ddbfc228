import type { RecordEvent } from '../events/index.ts';

/** The two demo nodes, as fold tests name them. */
export const ZJ = 'zj-taishun';
export const FJ = 'fj-shouning';

/**
 * Events for a fold test, as a duty officer of `author`'s station would author them: ids and stamps
 * in the order made, timed `offset` units (`unitMs`) after `start`.
 *
 * @example
 * const ev = storyEvents('2025-06-01T00:00:00Z', 60_000);
 * const filed = ev(FJ, 0, 'file', { ... });       // at 00:00
 * const acked = ev(ZJ, 12, 'acknowledge', {});     // 12 minutes later
 */
export function storyEvents(start: string, unitMs: number) {
  const t0 = Date.parse(start);
  let n = 0;
  return (author: string, offset: number, kind: string, data: unknown): RecordEvent => {
    n += 1;
    const ms = t0 + offset * unitMs;
    return {
      id: `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
      author,
      hlc: `${String(ms).padStart(15, '0')}.${String(n).padStart(6, '0')}`,
      at: new Date(ms),
      kind,
      actor: {
        officer: `${author}.officer`,
        station: author === ZJ ? 'zj-luoyang' : 'fj-xixi',
        roles: ['duty'],
      },
      data,
    };
  };
}
