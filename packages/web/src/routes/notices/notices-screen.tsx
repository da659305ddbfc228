/** Notices received and issued, with masked ID numbers and names; filters by kind and status. */
import { useQuery } from '@tanstack/react-query';
import { Link, useSearch } from 'wouter';
import { trpc } from '../../api/client.ts';
import { mayUse } from '../../app/access.ts';
import { api } from '../../app/query.ts';
import { useOfficer } from '../../app/session.tsx';
import { useStationName } from '../../app/stations.ts';
import { ListTable, StatusBadge } from '../../app/ui.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { maskName } from '../../lib/masking.ts';
import { IdNumber } from './id-number.tsx';

type Kind = 'missing_person' | 'fugitive';
type Status = 'active' | 'lapsed' | 'resolved';

export default function NoticesScreen() {
  const { t, label, dateTime } = useI18n();
  const officer = useOfficer();
  const stationName = useStationName();
  const params = new URLSearchParams(useSearch());
  const direction = params.get('tab') === 'outbound' ? 'outbound' : 'inbound';
  const kind = (params.get('kind') || undefined) as Kind | undefined;
  const status = (params.get('status') || undefined) as Status | undefined;
  const input = { direction, limit: 100, ...(kind ? { kind } : {}), ...(status ? { status } : {}) } as const;
  const list = useQuery(api('notice.list', input, (i) => trpc.notice.list.query(i)));
  const href = (change: Record<string, string>) => {
    const q = new URLSearchParams(params);
    for (const [k, v] of Object.entries(change)) v ? q.set(k, v) : q.delete(k);
    const s = q.toString();
    return s ? `/notices?${s}` : '/notices';
  };
  return (
    <section>
      <div className="page-head">
        <h1>{t('notices.title')}</h1>
        {mayUse('newNotice', officer.roles) ? (
          <Link href="/notices/new" className="button primary">
            {t('notices.new')}
          </Link>
        ) : null}
      </div>
      <div className="tabs">
        <Link
          href={href({ tab: '' })}
          aria-current={direction === 'inbound' ? 'page' : undefined}
          className={direction === 'inbound' ? 'tab active' : 'tab'}
        >
          {t('notices.inbound')}
        </Link>
        <Link
          href={href({ tab: 'outbound' })}
          aria-current={direction === 'outbound' ? 'page' : undefined}
          className={direction === 'outbound' ? 'tab active' : 'tab'}
        >
          {t('notices.outbound')}
        </Link>
        <span className="spacer" />
        <span className="filters">
          {(['', 'missing_person', 'fugitive'] as const).map((k) => (
            <Link
              key={k || 'all'}
              href={href({ kind: k })}
              className={`chip ${(kind ?? '') === k ? 'chip-on' : ''}`}
            >
              {k ? label('noticeKind', k) : t('notices.allKinds')}
            </Link>
          ))}
          {(['', 'active', 'lapsed', 'resolved'] as const).map((s) => (
            <Link
              key={s || 'all'}
              href={href({ status: s })}
              className={`chip ${(status ?? '') === s ? 'chip-on' : ''}`}
            >
              {s ? label('status', s) : t('notices.allStatuses')}
            </Link>
          ))}
        </span>
      </div>
      <ListTable
        query={list}
        items={list.data?.items}
        empty={t('notices.empty')}
        headers={[
          t('notices.kind'),
          t('notices.subject'),
          t('notices.idNumber'),
          t('notices.lastSeen'),
          direction === 'inbound' ? t('notices.from') : t('notices.to'),
          t('desk.status'),
          t('notices.reviewDue'),
          t('notices.openReports'),
        ]}
      >
        {(n) => (
          <tr key={n.id} data-testid="notice-row" data-id={n.id} className={n.lapsed ? 'row-overdue' : ''}>
            <td>
              <span className={`badge ${n.kind === 'fugitive' ? 'tone-bad' : 'tone-warn'}`}>
                {label('noticeKind', n.kind)}
              </span>
            </td>
            <td>
              <Link href={`/notices/${n.id}`} className="row-link">
                {maskName(n.subject.name)}
              </Link>
            </td>
            <td>
              <IdNumber value={n.subject.idNumber} />
            </td>
            <td>
              {n.lastSeen.place}
              <div className="muted small">{dateTime(n.lastSeen.time)}</div>
            </td>
            <td>
              {direction === 'inbound'
                ? stationName(n.issuingStation)
                : n.recipientStations.map((s) => stationName(s)).join('、')}
            </td>
            <td>
              <StatusBadge status={n.status} />
            </td>
            <td className="nowrap">{dateTime(n.reviewDueAt)}</td>
            <td className="num">{n.openReports || ''}</td>
          </tr>
        )}
      </ListTable>
    </section>
  );
}
