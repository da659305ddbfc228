/**
 * A record's signed timeline: every step with its author node, officer, station, time and link seq,
 * and a mark computed here in the browser — the step's signed link entry verified with WebCrypto
 * Ed25519 against the author node's public keys (`keys.jwks`), not the server's word.
 */
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../api/client.ts';
import type { NodeKeys } from '../api/contract.ts';
import { api } from '../app/query.ts';
import { useStationName } from '../app/stations.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/zh.ts';
import { type SigVerdict, verifyEntry } from '../lib/verify-entry.ts';
import { FieldList } from './field-list.tsx';

export interface TimelineStep {
  eventId: string;
  kind: string;
  author: string;
  at: string;
  actor: { officer: string | null; station: string | null; roles: string[] };
  status: 'accepted' | 'rejected';
  reason?: string;
  data?: unknown;
  /** The stored signed link entry, which this browser verifies. */
  entry: { jws: string; from: string; to: string; seq: number } | null;
}

export function SignedTimeline({ steps }: { steps: readonly TimelineStep[] }) {
  const { t } = useI18n();
  const keys = useQuery({ ...api('keys.jwks', undefined, () => trpc.keys.jwks.query()), staleTime: 60_000 });
  return (
    <section className="panel">
      <h2>{t('record.timeline')}</h2>
      <ol className="timeline">
        {steps.map((s) => (
          <Step key={s.eventId} step={s} keys={keys.data} keysError={keys.error} />
        ))}
      </ol>
    </section>
  );
}

function Step({
  step,
  keys,
  keysError,
}: {
  step: TimelineStep;
  keys: NodeKeys | undefined;
  keysError: unknown;
}) {
  const { t, label, dateTime } = useI18n();
  const stationName = useStationName();
  const verdict = useQuery({
    queryKey: ['verify-entry', step.eventId, step.author, step.entry?.jws ?? null, keys ? 'keys' : 'none'],
    queryFn: () => verifyEntry(step.entry?.jws, { eventId: step.eventId, author: step.author }, keys!),
    enabled: keys !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
  });
  return (
    <li
      className={`step ${step.status === 'rejected' ? 'step-rejected' : ''}`}
      data-testid="timeline-step"
      data-event-id={step.eventId}
    >
      <div className="step-head">
        <strong>{label('kind', step.kind)}</strong>
        <SigMark verdict={verdict.data} pending={verdict.isFetching} keysError={keysError} />
      </div>
      <dl className="step-meta">
        <dt>{t('step.time')}</dt>
        <dd>{dateTime(step.at)}</dd>
        <dt>{t('step.author')}</dt>
        <dd>{step.author}</dd>
        <dt>{t('step.officer')}</dt>
        <dd>{step.actor.officer ?? '—'}</dd>
        <dt>{t('step.station')}</dt>
        <dd>{stationName(step.actor.station)}</dd>
        <dt>{t('step.seq')}</dt>
        <dd>{step.entry ? `${step.entry.from} → ${step.entry.to} #${step.entry.seq}` : '—'}</dd>
      </dl>
      {step.status === 'rejected' ? (
        <p className="bad small">{t('step.rejected', { reason: step.reason ?? '' })}</p>
      ) : null}
      <FieldList data={step.data} />
    </li>
  );
}

const REASON_KEYS: Record<string, MessageKey> = {
  noEntry: 'sig.noEntry',
  malformed: 'sig.malformed',
  noKey: 'sig.noKey',
  badSignature: 'sig.badSignature',
  wrongId: 'sig.wrongId',
  noCrypto: 'sig.noCrypto',
  noEd25519: 'sig.noEd25519',
};

function SigMark({
  verdict,
  pending,
  keysError,
}: {
  verdict: SigVerdict | undefined;
  pending: boolean;
  keysError: unknown;
}) {
  const { t } = useI18n();
  let state: 'true' | 'false' | 'unavailable' | 'pending' = 'pending';
  let text = t('sig.checking');
  let why = '';
  if (keysError) {
    state = 'unavailable';
    text = t('sig.unavailable');
    why = keysError instanceof Error ? keysError.message : String(keysError);
  } else if (verdict && !pending) {
    state = verdict.status === 'verified' ? 'true' : verdict.status === 'invalid' ? 'false' : 'unavailable';
    text =
      verdict.status === 'verified'
        ? t('sig.verified')
        : verdict.status === 'invalid'
          ? t('sig.invalid')
          : t('sig.unavailable');
    if (verdict.status !== 'verified')
      why = t(REASON_KEYS[verdict.reason] ?? 'sig.invalid', {
        kid: 'kid' in verdict ? (verdict.kid ?? '') : '',
      });
    else why = verdict.kid;
  }
  return (
    <span
      className={`sig-mark sig-${state}`}
      data-testid="sig-mark"
      data-verified={state === 'pending' ? undefined : state}
      title={why}
    >
      <span aria-hidden="true">
        {state === 'true' ? '✔' : state === 'false' ? '✖' : state === 'unavailable' ? '?' : '…'}
      </span>{' '}
      {text}
      {why && state !== 'true' ? <span className="sig-why"> — {why}</span> : null}
    </span>
  );
}
