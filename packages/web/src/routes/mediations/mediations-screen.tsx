/** Joint mediations of our stations: type, mechanism, status and follow-up deadline with overdue marks. */
import { useQuery } from '@tanstack/react-query';
import { Link, useSearch } from 'wouter';
import { trpc } from '../../api/client.ts';
import { mayUse } from '../../app/access.ts';
import { api } from '../../app/query.ts';
import { useOfficer } from '../../app/session.tsx';
import { useStationName } from '../../app/stations.ts';
import { ListTable, StatusBadge } from '../../app/ui.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

export default function MediationsScreen() {
  const { t, label, dateTime } = useI18n();
  const officer = useOfficer();
  const stationName = useStationName();
  const overdueOnly = new URLSearchParams(useSearch()).get('overdue') === '1';
  const input = { limit: 100, ...(overdueOnly ? { followUpOverdue: true } : {}) };
  const list = useQuery(api('mediation.list', input, (i) => trpc.mediation.list.query(i)));
  return (
    <section>
      <div className="page-head">
        <h1>{t('mediations.title')}</h1>
        {mayUse('newMediation', officer.roles) ? (
          <Link href="/mediations/new" className="button primary">
            {t('mediations.new')}
          </Link>
        ) : null}
      </div>
      <div className="tabs">
        <span className="spacer" />
        <span className="filters">
          <Link href="/mediations" className={`chip ${overdueOnly ? '' : 'chip-on'}`}>
            {t('audit.any')}
          </Link>
          <Link href="/mediations?overdue=1" className={`chip ${overdueOnly ? 'chip-on' : ''}`}>
            {t('mediations.overdueOnly')}
          </Link>
        </span>
      </div>
      <ListTable
        query={list}
        items={list.data?.items}
        empty={t('mediations.empty')}
        headers={[
          t('mediations.type'),
          t('mediations.summary'),
          t('mediations.mechanism'),
          t('field.openingStation'),
          t('mediations.partner'),
          t('desk.status'),
          t('mediations.followUpDue'),
          t('mediations.openedAt'),
        ]}
      >
        {(m) => (
          <tr
            key={m.id}
            data-testid="mediation-row"
            data-id={m.id}
            className={m.followUpOverdue ? 'row-overdue' : ''}
          >
            <td>{label('disputeType', m.disputeType)}</td>
            <td>
              <Link href={`/mediations/${m.id}`} className="row-link">
                {m.summary.length > 40 ? `${m.summary.slice(0, 40)}…` : m.summary}
              </Link>
            </td>
            <td>{label('mechanism', m.mechanism)}</td>
            <td>{stationName(m.openingStation)}</td>
            <td>{stationName(m.partnerStation)}</td>
            <td>
              <StatusBadge status={m.status} />
              {m.result ? <span className="muted small"> {label('result', m.result)}</span> : null}
            </td>
            <td>
              <FollowUpMark m={m} />
            </td>
            <td className="nowrap">{dateTime(m.openedAt)}</td>
          </tr>
        )}
      </ListTable>
    </section>
  );
}

export function FollowUpMark({
  m,
}: {
  m: {
    followUpDueAt: string | null;
    followUpDoneAt: string | null;
    followUpOverdue: boolean;
    followUpInTime: boolean | null;
  };
}) {
  const { t, dateTime } = useI18n();
  if (!m.followUpDueAt) return <span className="muted">—</span>;
  return (
    <span className="deadline" data-testid="follow-up" data-overdue={String(m.followUpOverdue)}>
      {m.followUpOverdue ? (
        <span className="countdown cd-overdue">{t('mediations.followUpOverdue')}</span>
      ) : m.followUpDoneAt ? (
        <span className={m.followUpInTime ? 'countdown cd-done' : 'countdown cd-late'}>
          {t('mediations.followUpDone')}
        </span>
      ) : null}
      <span className="muted small">{dateTime(m.followUpDueAt)}</span>
    </span>
  );
}
