/**
 * A notice's record page: subject (masked until revealed with a reason), last seen, case or
 * missing-person details, review date with the lapse warning, reports with the owner's review, the
 * steps open to this side, and the signed timeline.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { trpc } from '../../api/client.ts';
import { api } from '../../app/query.ts';
import { useOfficer } from '../../app/session.tsx';
import { useStationName } from '../../app/stations.ts';
import { ErrorBox, Loading, StatusBadge } from '../../app/ui.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { FieldList } from '../../records/field-list.tsx';
import { type StepField, StepForm } from '../../records/step-form.tsx';
import { SignedTimeline } from '../../records/timeline.tsx';
import { IdNumber, RevealDialog, type Revealed } from './id-number.tsx';

const RESOLUTIONS = {
  missing_person: ['found_safe', 'found_deceased', 'cancelled'],
  fugitive: ['arrested', 'cancelled'],
} as const;

export default function NoticeScreen({ id }: { id: string }) {
  const { t, label, dateTime } = useI18n();
  const officer = useOfficer();
  const stationName = useStationName();
  const client = useQueryClient();
  const notice = useQuery(api('notice.get', { id }, (i) => trpc.notice.get.query(i)));
  const [revealing, setRevealing] = useState(false);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  if (notice.isPending) return <Loading />;
  if (notice.error) return <ErrorBox error={notice.error} />;
  const n = notice.data;
  const s = n.state;
  const owner = n.direction === 'outbound';
  const field = officer.roles.some((r) => ['officer', 'duty', 'command'].includes(r));
  const mayReveal = officer.roles.some((r) => r === 'duty' || r === 'command');
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['notice.get', { id }] });
    void client.invalidateQueries({ queryKey: ['notice.list'] });
  };
  const subject = revealed?.subject ?? s.subject;
  const remark: StepField[] = [{ name: 'remark', label: 'field.remark', kind: 'text' }];
  const reportFields: StepField[] = [
    { name: 'time', label: 'field.time', kind: 'datetime', required: true },
    { name: 'place', label: 'field.place', kind: 'text', required: true },
    { name: 'detail', label: 'field.detail', kind: 'textarea', required: true },
  ];
  const open = n.status !== 'resolved';
  return (
    <article className="record">
      <p className="crumbs">
        <Link href={owner ? '/notices?tab=outbound' : '/notices'}>{t('notices.title')}</Link> /{' '}
        {label('noticeKind', n.kind)}
      </p>
      <div className="page-head">
        <h1>
          <span className={`badge ${n.kind === 'fugitive' ? 'tone-bad' : 'tone-warn'}`}>
            {label('noticeKind', n.kind)}
          </span>{' '}
          {subject.name}
        </h1>
        <StatusBadge status={n.status} testId="record-status" />
      </div>
      {n.lapsed ? (
        <div className="error-box" role="alert" data-testid="lapse-warning">
          {t('notices.lapseWarning', { date: dateTime(n.reviewDueAt) })}
        </div>
      ) : null}
      <div className="record-grid">
        <section className="panel">
          <h2>{t('notices.subjectSection')}</h2>
          <dl className="kv">
            <dt>{t('field.name')}</dt>
            <dd>{subject.name}</dd>
            <dt>{t('notices.idNumber')}</dt>
            <dd>
              <IdNumber value={subject.idNumber} />{' '}
              {mayReveal && !revealed && s.subject.idNumber ? (
                <button type="button" className="link-button" onClick={() => setRevealing(true)}>
                  {t('notices.reveal')}
                </button>
              ) : null}
            </dd>
            <dt>{t('field.sex')}</dt>
            <dd>{label('sex', subject.sex)}</dd>
            {subject.birthDate ? (
              <>
                <dt>{t('field.birthDate')}</dt>
                <dd>{subject.birthDate}</dd>
              </>
            ) : null}
            {subject.aliases.length ? (
              <>
                <dt>{t('field.aliases')}</dt>
                <dd>{subject.aliases.join('、')}</dd>
              </>
            ) : null}
            {subject.description ? (
              <>
                <dt>{t('field.description')}</dt>
                <dd>{subject.description}</dd>
              </>
            ) : null}
            {s.subject.photo ? (
              <>
                <dt>{t('field.photo')}</dt>
                <dd>
                  {revealed?.subject.photo ? (
                    <span className="mono small">{revealed.subject.photo.sha256}</span>
                  ) : (
                    t('notices.photoWithheld')
                  )}
                </dd>
              </>
            ) : null}
          </dl>
          {revealed ? (
            <p className="ok-box small">{t('notices.revealed', { time: dateTime(revealed.revealedAt) })}</p>
          ) : null}
        </section>
        <section className="panel">
          <h2>{n.kind === 'fugitive' ? t('notices.caseSection') : t('notices.missingSection')}</h2>
          <dl className="kv">
            <dt>{t('notices.lastSeen')}</dt>
            <dd>
              {s.lastSeen.place} · {dateTime(s.lastSeen.time)}
            </dd>
            <dt>{t('notices.from')}</dt>
            <dd>{stationName(s.issuingStation)}</dd>
            <dt>{t('notices.to')}</dt>
            <dd>{s.recipientStations.map((x) => stationName(x)).join('、')}</dd>
            <dt>{t('notices.issuedAt')}</dt>
            <dd>{dateTime(n.issuedAt)}</dd>
            <dt>{t('notices.reviewDue')}</dt>
            <dd className={n.lapsed ? 'bad' : undefined}>{dateTime(n.reviewDueAt)}</dd>
            <dt>{t('notices.contactSection')}</dt>
            <dd>
              {s.contactOfficer.name} {s.contactOfficer.phone ?? ''}
            </dd>
          </dl>
          <FieldList data={s.kind === 'fugitive' ? s.fugitive : s.missing} />
          {s.resolution ? (
            <FieldList
              data={{ outcome: label('resolution', s.resolution.outcome), remark: s.resolution.remark }}
            />
          ) : null}
        </section>
      </div>
      <section className="panel">
        <h2>{t('notices.reports')}</h2>
        {s.reports.length === 0 ? (
          <p className="muted">{t('notices.noReports')}</p>
        ) : (
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">{t('notices.reportType')}</th>
                <th scope="col">{t('field.time')}</th>
                <th scope="col">{t('field.place')}</th>
                <th scope="col">{t('field.detail')}</th>
                <th scope="col">{t('notices.reportBy')}</th>
                <th scope="col">{t('notices.review')}</th>
              </tr>
            </thead>
            <tbody>
              {s.reports.map((r) => (
                <tr key={r.eventId} data-testid="notice-report" data-event-id={r.eventId}>
                  <td>{label('reportType', r.type)}</td>
                  <td className="nowrap">{dateTime(r.time)}</td>
                  <td>{r.place}</td>
                  <td>{r.detail}</td>
                  <td>
                    {r.officer ?? '—'} · {stationName(r.station)}
                  </td>
                  <td>
                    {r.review ? (
                      <span className={`badge ${r.review.accepted ? 'tone-ok' : 'tone-bad'}`}>
                        {r.review.accepted ? t('notices.accepted') : t('notices.rejected')}
                      </span>
                    ) : owner && field && r.type !== 'sighting' ? (
                      <span className="marks">
                        <ReviewButton id={id} reportEventId={r.eventId} accepted onDone={refresh} />
                        <ReviewButton id={id} reportEventId={r.eventId} accepted={false} onDone={refresh} />
                      </span>
                    ) : (
                      <span className="badge tone-warn">{t('notices.awaiting')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {field ? (
        <section className="panel">
          <h2>{t('record.actions')}</h2>
          <div className="step-forms">
            {!owner && open ? (
              <>
                <StepForm
                  action="notices.sighting"
                  fields={reportFields}
                  onDone={refresh}
                  submit={(v) =>
                    trpc.notice.reportSighting.mutate({
                      id,
                      time: String(v.time ?? ''),
                      place: String(v.place ?? ''),
                      detail: String(v.detail ?? ''),
                    })
                  }
                />
                <StepForm
                  action="notices.located"
                  fields={[
                    {
                      name: 'kind',
                      label: 'field.kind',
                      kind: 'select',
                      options: (n.kind === 'fugitive' ? ['intercepted', 'located'] : ['located']).map(
                        (k) => ({
                          value: k,
                          label: label('reportType', k),
                        }),
                      ),
                    },
                    ...reportFields,
                  ]}
                  onDone={refresh}
                  submit={(v) =>
                    trpc.notice.reportLocated.mutate({
                      id,
                      kind: v.kind as 'located' | 'intercepted',
                      time: String(v.time ?? ''),
                      place: String(v.place ?? ''),
                      detail: String(v.detail ?? ''),
                    })
                  }
                />
              </>
            ) : null}
            {owner && open ? (
              <>
                <StepForm
                  action="notices.renew"
                  fields={remark}
                  onDone={refresh}
                  submit={(v) => trpc.notice.renew.mutate({ id, ...v })}
                />
                <StepForm
                  action="notices.resolve"
                  tone="danger"
                  fields={[
                    {
                      name: 'outcome',
                      label: 'field.outcome',
                      kind: 'select',
                      options: RESOLUTIONS[n.kind].map((o) => ({ value: o, label: label('resolution', o) })),
                    },
                    ...remark,
                  ]}
                  onDone={refresh}
                  submit={(v) =>
                    trpc.notice.resolve.mutate({
                      id,
                      outcome: v.outcome as 'cancelled',
                      ...(v.remark ? { remark: String(v.remark) } : {}),
                    })
                  }
                />
              </>
            ) : null}
            {!open ? <p className="muted">{t('record.noActions')}</p> : null}
          </div>
        </section>
      ) : null}
      <SignedTimeline steps={n.timeline} />
      {revealing ? (
        <RevealDialog id={id} onRevealed={setRevealed} onClose={() => setRevealing(false)} />
      ) : null}
    </article>
  );
}

function ReviewButton({
  id,
  reportEventId,
  accepted,
  onDone,
}: {
  id: string;
  reportEventId: string;
  accepted: boolean;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await trpc.notice.confirm.mutate({ id, reportEventId, accepted });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className={accepted ? 'primary' : 'danger'}
        disabled={busy}
        onClick={() => void run()}
      >
        {accepted ? t('notices.confirm') : t('notices.reject')}
      </button>
      {error ? <ErrorBox error={error} /> : null}
    </>
  );
}
