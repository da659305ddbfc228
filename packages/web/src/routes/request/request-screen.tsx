/**
 * An assistance request's record page: state, deadlines, both stations, what was asked, the signed
 * timeline with marks verified in this browser, and the steps open to this side as forms.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { AppRouter } from '@tiemeng/api';
import type { inferRouterOutputs } from '@trpc/server';
import { Link } from 'wouter';
import { trpc } from '../../api/client.ts';
import { api } from '../../app/query.ts';
import { useOfficer } from '../../app/session.tsx';
import { useStationName } from '../../app/stations.ts';
import { DeadlineCell, ErrorBox, Loading, PriorityBadge, StatusBadge, useNow } from '../../app/ui.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { FieldList } from '../../records/field-list.tsx';
import { SignedTimeline } from '../../records/timeline.tsx';
import { RequestActions } from './request-actions.tsx';

export type Request = inferRouterOutputs<AppRouter>['assistance']['get'];

export const requestQuery = (id: string) =>
  api('assistance.get', { id }, (i) => trpc.assistance.get.query(i));

export function RequestScreen({ id }: { id: string }) {
  const { t, label, dateTime } = useI18n();
  const officer = useOfficer();
  const stationName = useStationName();
  const now = useNow();
  const client = useQueryClient();
  const record = useQuery(requestQuery(id));
  if (record.isPending) return <Loading />;
  if (record.error) return <ErrorBox error={record.error} />;
  const r = record.data;
  const s = r.state;
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['assistance.get', { id }] });
    void client.invalidateQueries({ queryKey: ['assistance.list'] });
  };
  const open = ['filed', 'acknowledged', 'in_progress', 'info_requested', 'info_provided'].includes(r.status);
  return (
    <article className="record">
      <p className="crumbs">
        <Link href={r.direction === 'outbound' ? '/desk?tab=outbound' : '/desk'}>{t('nav.desk')}</Link> /{' '}
        {t('record.request')}
      </p>
      <div className="page-head">
        <h1>
          <PriorityBadge priority={r.priority} /> {r.title}
        </h1>
        <StatusBadge status={r.status} testId="record-status" />
      </div>
      <div className="record-grid">
        <section className="panel">
          <h2>{t('record.deadlines')}</h2>
          <dl className="kv">
            <dt>{t('record.filedAt')}</dt>
            <dd>{dateTime(r.filedAt)}</dd>
            <dt>{t('record.ackDue')}</dt>
            <dd>
              {open || r.ackInTime !== null ? (
                <DeadlineCell dueAt={r.dueAckAt} inTime={r.ackInTime} now={now} testId="ack-countdown" />
              ) : (
                dateTime(r.dueAckAt)
              )}
            </dd>
            <dt>{t('record.completeDue')}</dt>
            <dd>
              {open || r.completedInTime !== null ? (
                <DeadlineCell dueAt={r.dueCompleteAt} inTime={r.completedInTime} now={now} />
              ) : (
                dateTime(r.dueCompleteAt)
              )}
            </dd>
          </dl>
        </section>
        <section className="panel">
          <h2>{t('record.parties')}</h2>
          <dl className="kv">
            <dt>{t('record.requesting')}</dt>
            <dd>
              {stationName(s.requestingStation)} <span className="muted">({s.requestingNode})</span>
            </dd>
            <dt>{t('record.addressed')}</dt>
            <dd>
              {stationName(s.addressedStation)} <span className="muted">({s.addressedNode})</span>
            </dd>
            <dt>{t('desk.category')}</dt>
            <dd>{label('category', s.category)}</dd>
          </dl>
        </section>
      </div>
      <section className="panel">
        <h2>{t('record.details')}</h2>
        <p className="prose">{s.details}</p>
        <FieldList data={{ subjects: s.subjects, incident: s.incident, attachments: s.attachments }} />
        {s.completion ? <FieldList data={s.completion} /> : null}
        {s.declineReason ? <FieldList data={{ reason: s.declineReason }} /> : null}
        {s.withdrawReason ? <FieldList data={{ reason: s.withdrawReason }} /> : null}
      </section>
      <RequestActions request={r} officerRoles={officer.roles} onDone={refresh} />
      <SignedTimeline steps={r.timeline} />
      <p className="muted small mono">
        {t('record.stateHash')}: {r.stateHash}
      </p>
    </article>
  );
}
