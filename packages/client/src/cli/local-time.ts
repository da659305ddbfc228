/**
 * Times as the duty desk reads them: in the node's time zone (Asia/Shanghai unless `TIEMENG_TZ`
 * names another IANA zone), with the offset shown, e.g. `2025-06-14 01:40 +08:00`. The API speaks
 * UTC; an officer at 2 a.m. should not have to add eight hours.
 */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const formats = new Map<string, Intl.DateTimeFormat>();

/** The zone the CLI shows times in; an unknown zone name falls back to the default. */
export function timeZone(env = process.env): string {
  const zone = env.TIEMENG_TZ?.trim();
  if (!zone) return DEFAULT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

function formatIn(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    formats.set(zone, format);
  }
  return format;
}

/** `2025-06-14 01:40 +08:00` for an ISO time, in `zone`; '—' for none, the input itself if unreadable. */
export function localTime(iso: string | null | undefined, zone = timeZone()): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const p = Object.fromEntries(
    formatIn(zone)
      .formatToParts(date)
      .map((x) => [x.type, x.value]),
  );
  const offset = p.timeZoneName === 'GMT' ? '+00:00' : (p.timeZoneName ?? '').replace('GMT', '');
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${offset}`;
}
