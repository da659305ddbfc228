/** Periods the dashboard offers, as calendar dates (the node counts them in China Standard Time). */
export interface Period {
  from: string;
  to: string;
}

const iso = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The date in China Standard Time (UTC+8, no daylight saving) at `now`. */
function cst(now: Date) {
  const t = new Date(now.getTime() + 8 * 3600_000);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1 };
}

export function presets(now: Date): Record<'year' | 'lastYear' | 'quarter' | 'month', Period> {
  const { y, m } = cst(now);
  const q0 = Math.floor((m - 1) / 3) * 3 + 1;
  return {
    year: { from: iso(y, 1, 1), to: iso(y, 12, 31) },
    lastYear: { from: iso(y - 1, 1, 1), to: iso(y - 1, 12, 31) },
    quarter: { from: iso(y, q0, 1), to: iso(y, q0 + 2, lastDay(y, q0 + 2)) },
    month: { from: iso(y, m, 1), to: iso(y, m, lastDay(y, m)) },
  };
}

/** The months a period covers, `YYYY-MM`, for the monthly bars' axis. */
export function monthsOf(p: Period): string[] {
  const [fy, fm] = p.from.split('-').map(Number) as [number, number];
  const [ty, tm] = p.to.split('-').map(Number) as [number, number];
  const out: string[] = [];
  let [y, m] = [fy, fm];
  while ((y < ty || (y === ty && m <= tm)) && out.length < 120) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return out;
}
