/** Small building blocks every screen uses: errors, form fields, status badges, loading. */
import { type ReactNode, useEffect, useId, useState } from 'react';
import { type ErrorView, errorView } from '../api/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { type Countdown, countdown } from '../lib/countdown.ts';

export function useErrorView(): (err: unknown) => ErrorView {
  const { lang } = useI18n();
  return (err) => errorView(err, lang);
}

/** An API error in the officer's language, with its stable code for support. */
export function ErrorBox({ error }: { error: unknown }) {
  const view = useErrorView();
  if (!error) return null;
  const v = view(error);
  return (
    <div className="error-box" role="alert">
      {v.message}
      {v.appCode ? <span className="code"> ({v.appCode})</span> : null}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="muted" aria-busy="true">
      {t('app.loading')}
    </p>
  );
}

export function NotAllowed() {
  const { t } = useI18n();
  return (
    <section className="panel" data-testid="not-allowed">
      <h1>{t('app.notAllowed')}</h1>
    </section>
  );
}

/** The inline message of a form field, from the API's `error.data.fields`. */
export function fieldError(
  error: unknown,
  view: (err: unknown) => ErrorView,
  path: string,
): string | undefined {
  if (!error) return undefined;
  return view(error).fields.find((f) => f.path === path || f.path.startsWith(`${path}.`))?.message;
}

interface FieldProps {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
  className?: string;
}

/** A labelled control with its inline error. */
export function Field({ label, error, hint, children, className }: FieldProps) {
  const id = useId();
  const describedBy = error ? `${id}-err` : hint ? `${id}-hint` : undefined;
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': Boolean(error),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      {error ? (
        <span className="field-error" id={`${id}-err`}>
          {error}
        </span>
      ) : hint ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
    </div>
  );
}

const STATUS_TONE: Record<string, string> = {
  filed: 'warn',
  acknowledged: 'info',
  in_progress: 'info',
  info_requested: 'warn',
  info_provided: 'info',
  completed: 'ok',
  declined: 'bad',
  withdrawn: 'muted',
  closed: 'muted',
  active: 'info',
  resolved: 'ok',
  lapsed: 'bad',
  open: 'info',
  agreement_proposed: 'warn',
  agreed: 'ok',
  concluded: 'ok',
  followed_up: 'muted',
};

export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  const { label } = useI18n();
  return (
    <span
      className={`badge tone-${STATUS_TONE[status] ?? 'muted'}`}
      data-testid={testId}
      data-status={status}
    >
      {label('status', status)}
    </span>
  );
}

export function PriorityBadge({ priority }: { priority: string }) {
  const { label } = useI18n();
  return (
    <span className={`badge ${priority === 'urgent' ? 'tone-urgent' : 'tone-muted'}`}>
      {label('priority', priority)}
    </span>
  );
}

/** The current time, ticking every second while mounted, for countdowns. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function CountdownText({ c, testId }: { c: Countdown; testId?: string }) {
  const { t } = useI18n();
  const span = c.text.replace(/^(\d+)d /, (_, days: string) => t('countdown.days', { n: days }));
  const text =
    c.state === 'running'
      ? t('countdown.left', { t: span })
      : c.state === 'overdue'
        ? t('countdown.overdue', { t: span })
        : c.state === 'done'
          ? t('countdown.done')
          : t('countdown.late');
  return (
    <span className={`countdown cd-${c.state}`} data-testid={testId} data-state={c.state}>
      {text}
    </span>
  );
}

export function DeadlineCell({
  dueAt,
  inTime,
  now,
  testId,
}: {
  dueAt: string;
  inTime: boolean | null;
  now: number;
  testId?: string;
}) {
  const { dateTime } = useI18n();
  const c = countdown(dueAt, now, inTime);
  return (
    <span className="deadline">
      <CountdownText c={c} {...(testId ? { testId } : {})} />
      <span className="muted small">{dateTime(dueAt)}</span>
    </span>
  );
}

/**
 * A list screen's table in its three states: loading, the node's refusal, empty (`empty` says so),
 * then the rows (`children`) under their column `headers`.
 */
export function ListTable<T>({
  query,
  items,
  empty,
  headers,
  compact,
  children,
}: {
  query: { isPending: boolean; error: unknown };
  items: readonly T[] | undefined;
  empty: string;
  headers: readonly ReactNode[];
  /** Denser rows, for tables inside a panel. */
  compact?: boolean;
  children: (item: T) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorBox error={query.error} />;
  if (!items || items.length === 0) return <p className="empty">{empty}</p>;
  return (
    <div className="table-wrap">
      <table className={compact ? 'grid compact' : 'grid'}>
        <thead>
          <tr>
            {headers.map((h, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed per screen
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{items.map(children)}</tbody>
      </table>
    </div>
  );
}
