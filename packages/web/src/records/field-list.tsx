/**
 * Event data and record details as labelled fields, never as JSON: each key gets its label from the
 * message table when it has one (`field.outcome` → 结果), values their labels (`outcome.located`).
 */
import { useStationName } from '../app/stations.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** Keys whose values are codes with labels of their own in the message table. */
const VALUE_GROUPS: Record<string, string[]> = {
  outcome: ['outcome', 'resolution'],
  category: ['category'],
  priority: ['priority'],
  sex: ['sex'],
  kind: ['noticeKind', 'mechanism', 'mediatorKind', 'reportType'],
  result: ['result', 'followUpResult'],
  disputeType: ['disputeType'],
  role: ['partyRole'],
  referredTo: ['referredTo'],
  requestedAction: ['requestedAction'],
  caution: ['caution'],
  vulnerability: ['vulnerability'],
};

/** Fields that are routing or bookkeeping, shown elsewhere on the page. */
const HIDDEN = new Set(['deadlines', 'addressedNode', 'partnerNode', 'recipientNodes', 'termsHash']);

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** Nothing worth a line: null, '', [] or an object of such. */
function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.every(isEmpty);
  if (typeof value === 'object') return Object.values(value).every(isEmpty);
  return false;
}

export function FieldList({ data, depth = 0 }: { data: unknown; depth?: number }) {
  const { label, dateTime } = useI18n();
  const stationName = useStationName();
  /** The label of a code in the first group that has one. */
  const labelIn = (groups: readonly string[], value: string) =>
    groups.map((g) => label(g, value)).find((l) => l !== value) ?? value;
  if (isEmpty(data)) return null;
  if (typeof data !== 'object') return <span>{String(data)}</span>;
  if (Array.isArray(data)) {
    if (data.length === 0) return null;
    return (
      <ul className="data-list">
        {data.map((item, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: items are shown in their signed order and never move
          <li key={i}>
            <FieldList data={item} depth={depth + 1} />
          </li>
        ))}
      </ul>
    );
  }
  const entries = Object.entries(data as Record<string, unknown>).filter(
    ([k, v]) => !HIDDEN.has(k) && !isEmpty(v),
  );
  if (entries.length === 0) return null;
  return (
    <dl className={depth === 0 ? 'data-view' : 'data-view nested'}>
      {entries.map(([key, value]) => (
        <div key={key} className="data-row">
          <dt>{label('field', key)}</dt>
          <dd>
            {typeof value === 'boolean' ? (
              label('app', value ? 'yes' : 'no')
            ) : typeof value === 'string' && VALUE_GROUPS[key] ? (
              labelIn(VALUE_GROUPS[key], value)
            ) : Array.isArray(value) && VALUE_GROUPS[key] && value.every((v) => typeof v === 'string') ? (
              value.map((v) => labelIn(VALUE_GROUPS[key] ?? [], v)).join('、')
            ) : typeof value === 'string' && /Station$/.test(key) ? (
              stationName(value)
            ) : Array.isArray(value) && /Stations$/.test(key) ? (
              value.map((v) => stationName(String(v))).join('、')
            ) : typeof value === 'string' && ISO_TIME.test(value) ? (
              dateTime(value)
            ) : typeof value === 'object' ? (
              <FieldList data={value} depth={depth + 1} />
            ) : (
              String(value)
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
