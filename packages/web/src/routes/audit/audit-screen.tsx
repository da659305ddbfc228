/**
 * Audit (auditor): the audit log with filters and paging, the chain verification with the anchors our
 * partners hold, and the sync incidents.
 */
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { trpc } from '../../api/client.ts';
import { api } from '../../app/query.ts';
import { ErrorBox, Loading } from '../../app/ui.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { IncidentsTable } from './incidents-table.tsx';

type Outcome = 'ok' | 'refused' | 'error';
interface Filter {
  procedure?: string;
  actorId?: string;
  recordId?: string;
  outcome?: Outcome;
  from?: string;
  to?: string;
  beforeId?: number;
}

/** A local date-time input as the instant the API filters by. */
const instant = (local: string | undefined) => (local ? new Date(local).toISOString() : undefined);

export default function AuditScreen() {
  const { t } = useI18n();
  return (
    <section>
      <div className="page-head">
        <h1>{t('audit.title')}</h1>
      </div>
      <ChainVerification />
      <AuditLog />
      <section className="panel">
        <h2>{t('audit.incidents')}</h2>
        <IncidentsTable />
      </section>
    </section>
  );
}

function AuditLog() {
  const { t, label, dateTime } = useI18n();
  const [draft, setDraft] = useState<Filter>({});
  const [filter, setFilter] = useState<Filter>({});
  const { from, to, ...rest } = filter;
  const input = {
    ...rest,
    ...(from ? { from: instant(from) } : {}),
    ...(to ? { to: instant(to) } : {}),
    limit: 50,
  };
  const log = useQuery(api('audit.list', input, (i) => trpc.audit.list.query(i)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const clean = Object.fromEntries(Object.entries(draft).filter(([, v]) => v !== '' && v !== undefined));
    setFilter(clean);
  };
  const text = (
    key: 'procedure' | 'actorId' | 'recordId',
    labelKey: 'audit.procedure' | 'audit.actor' | 'audit.record',
  ) => (
    <div className="field">
      <label htmlFor={`audit-${key}`}>{t(labelKey)}</label>
      <input
        id={`audit-${key}`}
        value={draft[key] ?? ''}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
      />
    </div>
  );
  return (
    <section className="panel">
      <h2>{t('audit.log')}</h2>
      <form className="period" onSubmit={submit}>
        {text('procedure', 'audit.procedure')}
        {text('actorId', 'audit.actor')}
        {text('recordId', 'audit.record')}
        <div className="field">
          <label htmlFor="audit-outcome">{t('audit.outcome')}</label>
          <select
            id="audit-outcome"
            value={draft.outcome ?? ''}
            onChange={(e) =>
              setDraft({ ...draft, outcome: (e.target.value || undefined) as Outcome | undefined })
            }
          >
            <option value="">{t('audit.any')}</option>
            {(['ok', 'refused', 'error'] as const).map((o) => (
              <option key={o} value={o}>
                {label('auditOutcome', o)}
              </option>
            ))}
          </select>
        </div>
        {(['from', 'to'] as const).map((key) => (
          <div key={key} className="field">
            <label htmlFor={`audit-${key}`}>{t(key === 'from' ? 'audit.from' : 'audit.to')}</label>
            <input
              id={`audit-${key}`}
              type="datetime-local"
              value={draft[key] ?? ''}
              onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
            />
          </div>
        ))}
        <button type="submit" className="primary">
          {t('audit.filter')}
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft({});
            setFilter({});
          }}
        >
          {t('audit.reset')}
        </button>
      </form>
      {log.isPending ? (
        <Loading />
      ) : log.error ? (
        <ErrorBox error={log.error} />
      ) : (
        <>
          <div className="table-wrap">
            <table className="grid compact" data-testid="audit-log">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t('audit.time')}</th>
                  <th scope="col">{t('audit.actor')}</th>
                  <th scope="col">{t('audit.procedure')}</th>
                  <th scope="col">{t('audit.record')}</th>
                  <th scope="col">{t('audit.outcome')}</th>
                  <th scope="col">{t('audit.error')}</th>
                  <th scope="col">{t('audit.request')}</th>
                </tr>
              </thead>
              <tbody>
                {log.data.items.map((r) => (
                  <tr key={r.id} data-testid="audit-row" data-procedure={r.procedure}>
                    <td className="num">{r.id}</td>
                    <td className="nowrap">{dateTime(r.at)}</td>
                    <td>
                      <span title={r.actorId ?? undefined}>{r.actorName ?? r.actorId ?? '—'}</span>{' '}
                      <span className="muted small">{r.actorType}</span>
                    </td>
                    <td className="mono small">{r.procedure}</td>
                    <td className="mono small">
                      {r.recordIds.slice(0, 3).join(' ')}
                      {r.recordIds.length > 3 ? ` +${r.recordIds.length - 3}` : ''}
                    </td>
                    <td>
                      <span
                        className={`badge ${r.outcome === 'ok' ? 'tone-ok' : r.outcome === 'refused' ? 'tone-warn' : 'tone-bad'}`}
                      >
                        {label('auditOutcome', r.outcome)}
                      </span>
                    </td>
                    <td className="mono small">{r.errorCode ?? ''}</td>
                    <td className="mono small">{r.requestId?.slice(0, 8) ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="form-actions pager">
            {filter.beforeId ? (
              <button type="button" onClick={() => setFilter({ ...filter, beforeId: undefined })}>
                {t('audit.newest')}
              </button>
            ) : null}
            {log.data.nextBeforeId ? (
              <button
                type="button"
                onClick={() => setFilter({ ...filter, beforeId: log.data.nextBeforeId ?? undefined })}
              >
                {t('audit.older')}
              </button>
            ) : null}
          </div>
        </>
      )}
    </section>
  );
}

function ChainVerification() {
  const { t, label, dateTime } = useI18n();
  const verify = useQuery({
    ...api('audit.verify', undefined, () => trpc.audit.verify.query()),
    enabled: false,
  });
  const v = verify.data;
  return (
    <section className="panel">
      <div className="page-head">
        <h2>{t('audit.verify')}</h2>
        <button
          type="button"
          className="primary"
          disabled={verify.isFetching}
          onClick={() => void verify.refetch()}
        >
          {verify.isFetching ? t('app.loading') : t('audit.verify')}
        </button>
      </div>
      {verify.error ? <ErrorBox error={verify.error} /> : null}
      {v ? (
        <>
          <p
            className={v.ok ? 'ok-box' : 'error-box'}
            role="status"
            data-testid="audit-verdict"
            data-ok={String(v.ok)}
          >
            {v.ok
              ? t('audit.chainOk', { rows: v.rows, head: `#${v.headId ?? 0}` })
              : t('audit.chainBroken', { row: v.brokenRowId, reason: v.reason })}
          </p>
          {(v.anchors.restores ?? []).map((r) => (
            <div key={r.restoreRowId} className="warn-box" role="note" data-testid="audit-restore">
              <p>
                {t('audit.restored', {
                  at: dateTime(r.restoredAt),
                  taken: r.backupTakenAt ? dateTime(r.backupTakenAt) : '—',
                  row: `#${r.restoreRowId}`,
                  kept: `#${r.keptRowId}`,
                })}
              </p>
              {v.anchors.peers.flatMap((p) =>
                (p.lostInRestore ?? [])
                  .filter((l) => l.restoreRowId === r.restoreRowId)
                  .map((l) => (
                    <p key={p.peer} className="small">
                      {t('audit.lostInRestore', {
                        peer: p.peer,
                        anchors: l.anchors,
                        from: `#${l.lostRows.from}`,
                        to: `#${l.lostRows.to}`,
                      })}
                    </p>
                  )),
              )}
            </div>
          ))}
          <h3 className="small">{t('audit.anchors')}</h3>
          <table className="grid compact">
            <thead>
              <tr>
                <th scope="col">{t('links.peer')}</th>
                <th scope="col">{t('audit.anchorStatus')}</th>
                <th scope="col">{t('audit.anchorChecked')}</th>
                <th scope="col">#</th>
              </tr>
            </thead>
            <tbody>
              {v.anchors.peers.map((p) => (
                <tr key={p.peer}>
                  <td>{p.peer}</td>
                  <td>
                    <span
                      className={`badge ${p.status === 'ok' ? 'tone-ok' : p.status === 'mismatch' ? 'tone-bad' : 'tone-warn'}`}
                    >
                      {label('anchor', p.status)}
                    </span>
                  </td>
                  <td className="num">{p.checked}</td>
                  <td className="num">
                    {p.latestRowId ?? '—'}
                    {p.brokenRowId ? <span className="bad"> ✖ {p.brokenRowId}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">{dateTime(new Date(verify.dataUpdatedAt).toISOString())}</p>
        </>
      ) : null}
    </section>
  );
}
