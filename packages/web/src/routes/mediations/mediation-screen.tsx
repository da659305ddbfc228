/**
 * A joint mediation's record page: dispute, mechanism, parties, mediators (officers of both sides and
 * volunteers such as 五老 elders), sessions, the agreement terms with one co-signing mark per node,
 * outcome, follow-up, the steps as forms and the signed timeline.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { trpc } from '../../api/client.ts';
import { api } from '../../app/query.ts';
import { useOfficer } from '../../app/session.tsx';
import { useStationName } from '../../app/stations.ts';
import { ErrorBox, Loading, StatusBadge } from '../../app/ui.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { FieldList } from '../../records/field-list.tsx';
import { StepForm } from '../../records/step-form.tsx';
import { SignedTimeline } from '../../records/timeline.tsx';
import { FollowUpMark } from './mediations-screen.tsx';

const RESULTS = ['agreement', 'partial', 'failed', 'referred'];
const REFERRED = ['', 'court', 'judicial_office', 'other_department'];

export default function MediationScreen({ id }: { id: string }) {
  const { t, label, dateTime } = useI18n();
  const officer = useOfficer();
  const stationName = useStationName();
  const client = useQueryClient();
  const record = useQuery(api('mediation.get', { id }, (i) => trpc.mediation.get.query(i)));
  if (record.isPending) return <Loading />;
  if (record.error) return <ErrorBox error={record.error} />;
  const m = record.data;
  const s = m.state;
  const field = officer.roles.some((r) => ['officer', 'duty', 'command'].includes(r));
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['mediation.get', { id }] });
    void client.invalidateQueries({ queryKey: ['mediation.list'] });
  };
  const running = ['open', 'agreement_proposed', 'agreed'].includes(m.status);
  const nodes = [s.openingNode, s.partnerNode];
  const agreement = s.agreement;
  const weSigned = agreement?.signatures.some((x) => x.node === officer.node) ?? false;
  return (
    <article className="record">
      <p className="crumbs">
        <Link href="/mediations">{t('mediations.title')}</Link> / {label('disputeType', s.disputeType)}
      </p>
      <div className="page-head">
        <h1>
          {label('disputeType', s.disputeType)} · {label('mechanism', s.mechanism.kind)}
        </h1>
        <StatusBadge status={m.status} testId="record-status" />
      </div>
      <div className="record-grid">
        <section className="panel">
          <h2>{t('record.details')}</h2>
          <p className="prose">{s.summary}</p>
          <dl className="kv">
            <dt>{t('field.openingStation')}</dt>
            <dd>
              {stationName(s.openingStation)} <span className="muted">({s.openingNode})</span>
            </dd>
            <dt>{t('mediations.partner')}</dt>
            <dd>
              {stationName(s.partnerStation)} <span className="muted">({s.partnerNode})</span>
            </dd>
            <dt>{t('mediations.mechanism')}</dt>
            <dd>
              {label('mechanism', s.mechanism.kind)}
              {s.mechanism.kind === 'professional' ? ` · ${s.mechanism.organisation}` : ''}
            </dd>
            <dt>{t('mediations.openedAt')}</dt>
            <dd>{dateTime(s.openedBy.at)}</dd>
            <dt>{t('mediations.followUpDue')}</dt>
            <dd>
              <FollowUpMark m={m} />
            </dd>
          </dl>
          {s.outcome ? (
            <FieldList
              data={{ result: s.outcome.result, referredTo: s.outcome.referredTo, note: s.outcome.note }}
            />
          ) : null}
          {s.followUp ? (
            <FieldList
              data={{ followUp: label('followUpResult', s.followUp.result), note: s.followUp.note }}
            />
          ) : null}
        </section>
        <section className="panel">
          <h2>{t('mediations.parties')}</h2>
          <ul className="plain">
            {s.parties.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: parties are kept in signed order
              <li key={i}>
                <strong>{p.name}</strong> · {label('partyRole', p.role)} · {p.province}
              </li>
            ))}
          </ul>
          <h2>{t('mediations.mediators')}</h2>
          {s.mediators.length === 0 ? <p className="muted">{t('app.none')}</p> : null}
          <ul className="plain">
            {s.mediators.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: mediators are kept in signed order
              <li key={i}>
                <strong>{p.name}</strong> · {label('mediatorKind', p.kind)}
                {p.node ? ` · ${p.node}` : ''}
                {p.note ? <span className="muted"> · {p.note}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      </div>
      <section className="panel">
        <h2>{t('mediations.agreement')}</h2>
        {agreement ? (
          <>
            <p className="prose">{agreement.terms}</p>
            <p className="muted small mono">
              {t('mediations.termsHash')}: {agreement.termsHash}
            </p>
            <div className="marks">
              {nodes.map((node) => {
                const sig = agreement.signatures.find((x) => x.node === node);
                return (
                  <span
                    key={node}
                    className={`sig-mark ${sig ? 'sig-true' : 'sig-pending'}`}
                    data-testid="cosign-mark"
                    data-node={node}
                    data-signed={String(Boolean(sig))}
                  >
                    <span aria-hidden="true">{sig ? '✔' : '○'}</span> {node}:{' '}
                    {sig ? t('mediations.signed') : t('mediations.notSigned')}
                    {sig ? ` · ${sig.officer ?? ''} · ${dateTime(sig.at)}` : ''}
                  </span>
                );
              })}
            </div>
          </>
        ) : (
          <p className="muted">{t('mediations.noTerms')}</p>
        )}
      </section>
      <section className="panel">
        <h2>{t('mediations.sessions')}</h2>
        {s.sessions.length === 0 ? (
          <p className="muted">{t('app.none')}</p>
        ) : (
          <ol className="plain">
            {s.sessions.map((x, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: sessions are kept in signed order
              <li key={i}>
                {dateTime(x.at)} · {x.place}
                {x.attendees.length ? ` · ${x.attendees.join('、')}` : ''}
                {x.notes ? <div className="muted small">{x.notes}</div> : null}
              </li>
            ))}
          </ol>
        )}
      </section>
      {field ? (
        <section className="panel">
          <h2>{t('record.actions')}</h2>
          <div className="step-forms">
            {agreement && !weSigned && running ? (
              <StepForm
                action="mediations.sign"
                fields={[]}
                onDone={refresh}
                submit={() => trpc.mediation.signAgreement.mutate({ id, termsHash: agreement.termsHash })}
              />
            ) : null}
            {running ? (
              <>
                <StepForm
                  action="mediations.propose"
                  fields={[{ name: 'terms', label: 'field.terms', kind: 'textarea', required: true }]}
                  onDone={refresh}
                  submit={(v) => trpc.mediation.proposeAgreement.mutate({ id, terms: String(v.terms ?? '') })}
                />
                <StepForm
                  action="mediations.addParty"
                  fields={[
                    { name: 'name', label: 'field.name', kind: 'text', required: true },
                    { name: 'province', label: 'field.province', kind: 'text', required: true },
                    {
                      name: 'role',
                      label: 'field.role',
                      kind: 'select',
                      options: ['claimant', 'respondent', 'other'].map((r) => ({
                        value: r,
                        label: label('partyRole', r),
                      })),
                    },
                  ]}
                  onDone={refresh}
                  submit={(v) =>
                    trpc.mediation.addParty.mutate({
                      id,
                      name: String(v.name ?? ''),
                      province: String(v.province ?? ''),
                      role: v.role as 'other',
                    })
                  }
                />
                <StepForm
                  action="mediations.addMediator"
                  fields={[
                    { name: 'name', label: 'field.name', kind: 'text', required: true },
                    {
                      name: 'kind',
                      label: 'mediations.mediatorKind',
                      kind: 'select',
                      options: [
                        { value: 'volunteer', label: t('mediations.volunteer') },
                        { value: 'officer', label: t('mediations.officerKind') },
                      ],
                    },
                    { name: 'note', label: 'field.notes', kind: 'text' },
                  ]}
                  onDone={refresh}
                  submit={(v) =>
                    trpc.mediation.addMediator.mutate({
                      id,
                      name: String(v.name ?? ''),
                      kind: v.kind as 'volunteer',
                      ...(v.kind === 'officer' ? { node: officer.node } : {}),
                      ...(v.note ? { note: String(v.note) } : {}),
                    })
                  }
                />
                <StepForm
                  action="mediations.recordSession"
                  fields={[
                    { name: 'at', label: 'field.time', kind: 'datetime', required: true },
                    { name: 'place', label: 'field.place', kind: 'text', required: true },
                    { name: 'attendees', label: 'field.participants', kind: 'text' },
                    { name: 'notes', label: 'field.notes', kind: 'textarea' },
                  ]}
                  onDone={refresh}
                  submit={(v) =>
                    trpc.mediation.recordSession.mutate({
                      id,
                      at: String(v.at ?? ''),
                      place: String(v.place ?? ''),
                      attendees: String(v.attendees ?? '')
                        .split(/[,，、]/)
                        .map((a) => a.trim())
                        .filter(Boolean),
                      ...(v.notes ? { notes: String(v.notes) } : {}),
                    })
                  }
                />
                <StepForm
                  action="mediations.outcome"
                  fields={[
                    {
                      name: 'result',
                      label: 'field.result',
                      kind: 'select',
                      options: RESULTS.map((r) => ({ value: r, label: label('result', r) })),
                    },
                    {
                      name: 'referredTo',
                      label: 'field.referredTo',
                      kind: 'select',
                      options: REFERRED.map((r) => ({ value: r, label: r ? label('referredTo', r) : '—' })),
                    },
                    { name: 'note', label: 'field.notes', kind: 'textarea' },
                  ]}
                  onDone={refresh}
                  submit={(v) =>
                    trpc.mediation.recordOutcome.mutate({
                      id,
                      result: v.result as 'agreement',
                      ...(v.referredTo ? { referredTo: v.referredTo as 'court' } : {}),
                      ...(v.note ? { note: String(v.note) } : {}),
                    })
                  }
                />
              </>
            ) : null}
            {m.status === 'concluded' && m.followUpDueAt ? (
              <StepForm
                action="mediations.recordFollowUp"
                fields={[
                  {
                    name: 'result',
                    label: 'field.result',
                    kind: 'select',
                    options: ['resolved', 'ongoing', 'unresolved'].map((r) => ({
                      value: r,
                      label: label('followUpResult', r),
                    })),
                  },
                  { name: 'visitedAt', label: 'field.time', kind: 'datetime' },
                  { name: 'note', label: 'field.notes', kind: 'textarea' },
                ]}
                onDone={refresh}
                submit={(v) =>
                  trpc.mediation.recordFollowUp.mutate({
                    id,
                    result: v.result as 'resolved',
                    ...(v.visitedAt ? { visitedAt: String(v.visitedAt) } : {}),
                    ...(v.note ? { note: String(v.note) } : {}),
                  })
                }
              />
            ) : null}
            {!running && !(m.status === 'concluded' && m.followUpDueAt) ? (
              <p className="muted">{t('record.noActions')}</p>
            ) : null}
          </div>
        </section>
      ) : null}
      <SignedTimeline steps={m.timeline} />
    </article>
  );
}
