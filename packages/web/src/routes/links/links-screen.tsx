/**
 * Links and reconciliation: each partner link's heads, lag, last delivery and errors, the last
 * reconciliation report with its differences, and "run reconciliation now".
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { trpc } from '../../api/client.ts';
import { api } from '../../app/query.ts';
import { ErrorBox, Loading } from '../../app/ui.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { IncidentsTable } from '../audit/incidents-table.tsx';

export default function LinksScreen() {
  const { t, dateTime } = useI18n();
  const client = useQueryClient();
  const status = useQuery({
    ...api('sync.status', undefined, () => trpc.sync.status.query()),
    refetchInterval: 5_000,
  });
  const reports = useQuery(api('reconcile.reports', { limit: 10 }, (i) => trpc.reconcile.reports.query(i)));
  const lastId = reports.data?.items[0]?.id;
  const last = useQuery({
    ...api('reconcile.report', { id: lastId ?? 0 }, (i) => trpc.reconcile.report.query(i)),
    enabled: lastId !== undefined,
  });
  const run = useMutation({
    mutationFn: () => trpc.reconcile.run.mutate({}),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['reconcile.reports'] });
      void client.invalidateQueries({ queryKey: ['sync.status'] });
    },
  });
  return (
    <section>
      <div className="page-head">
        <h1>{t('links.title')}</h1>
        <button type="button" className="primary" disabled={run.isPending} onClick={() => run.mutate()}>
          {run.isPending ? t('links.running') : t('links.run')}
        </button>
      </div>
      {run.error ? <ErrorBox error={run.error} /> : null}
      {status.isPending ? (
        <Loading />
      ) : status.error ? (
        <ErrorBox error={status.error} />
      ) : (
        status.data.map((p) => (
          <section key={p.peer} className="panel" data-testid="link" data-peer={p.peer}>
            <h2>
              {t('links.peer')}: {p.peer} <span className="muted small">{p.url}</span>
            </h2>
            <div className="record-grid">
              <dl className="kv">
                <dt>{t('links.outbound')}</dt>
                <dd>
                  {t('links.head')} #{p.outbound.localHead} · {t('links.lag')}{' '}
                  <strong className={p.outbound.lag > 0 ? 'bad' : undefined}>{p.outbound.lag}</strong>
                </dd>
                <dt>{t('links.lastDelivery')}</dt>
                <dd>{dateTime(p.lastSuccessAt)}</dd>
                <dt>{t('links.lastError')}</dt>
                <dd className={p.lastError ? 'bad' : undefined}>{p.lastError ?? t('app.none')}</dd>
                {p.nextRetryAt ? (
                  <>
                    <dt>{t('links.nextRetry')}</dt>
                    <dd>{dateTime(p.nextRetryAt)}</dd>
                  </>
                ) : null}
              </dl>
              <dl className="kv">
                <dt>{t('links.inbound')}</dt>
                <dd>
                  {t('links.head')} #{p.inbound.head}
                </dd>
                <dt>{t('links.lastPullError')}</dt>
                <dd className={p.inbound.lastPullError ? 'bad' : undefined}>
                  {p.inbound.lastPullError ?? t('app.none')}
                  <span className="muted small"> · {dateTime(p.inbound.lastPullAt)}</span>
                </dd>
              </dl>
            </div>
          </section>
        ))
      )}
      <section className="panel">
        <h2>{t('links.lastReport')}</h2>
        {last.data ? (
          <>
            <dl className="kv" data-testid="last-report" data-outcome={last.data.outcome}>
              <dt>{t('links.outcome')}</dt>
              <dd>
                <span
                  className={`badge ${last.data.outcome === 'in_sync' || last.data.outcome === 'repaired' ? 'tone-ok' : 'tone-bad'}`}
                >
                  {t(`reconOutcome.${last.data.outcome}` as 'reconOutcome.in_sync')}
                </span>{' '}
                {dateTime(last.data.startedAt)} · {last.data.peer}
              </dd>
              <dt>{t('links.startedBy')}</dt>
              <dd>{last.data.startedBy.username ?? t('links.schedule')}</dd>
              <dt>{t('links.records')}</dt>
              <dd>{last.data.recordsCompared}</dd>
              <dt>{t('links.roundTrips')}</dt>
              <dd>{last.data.roundTrips}</dd>
              <dt>{t('links.bytes')}</dt>
              <dd>{last.data.bytesExchanged}</dd>
              <dt>{t('links.duration')}</dt>
              <dd>{last.data.durationMs} ms</dd>
              {last.data.error ? (
                <>
                  <dt>{t('links.lastError')}</dt>
                  <dd className="bad">{last.data.error}</dd>
                </>
              ) : null}
            </dl>
            <h3 className="small">{t('links.differences')}</h3>
            {last.data.differences.length === 0 ? (
              <p className="muted">{t('links.noDifferences')}</p>
            ) : (
              <table className="grid compact">
                <thead>
                  <tr>
                    <th scope="col">{t('audit.record')}</th>
                    <th scope="col">{t('links.resolution')}</th>
                    <th scope="col">{t('field.detail')}</th>
                  </tr>
                </thead>
                <tbody>
                  {last.data.differences.map((d) => (
                    <tr key={d.recordId}>
                      <td className="mono small">{d.recordId}</td>
                      <td className="mono small">{d.resolution}</td>
                      <td>{d.detail ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        ) : reports.data && reports.data.items.length === 0 ? (
          <p className="muted">{t('links.noReports')}</p>
        ) : (
          <Loading />
        )}
      </section>
      {reports.data && reports.data.items.length > 1 ? (
        <section className="panel">
          <h2>{t('links.reports')}</h2>
          <table className="grid compact">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('audit.time')}</th>
                <th scope="col">{t('links.peer')}</th>
                <th scope="col">{t('links.outcome')}</th>
                <th scope="col">{t('links.startedBy')}</th>
                <th scope="col">{t('links.differences')}</th>
              </tr>
            </thead>
            <tbody>
              {reports.data.items.map((r) => (
                <tr key={r.id}>
                  <td className="num">{r.id}</td>
                  <td className="nowrap">{dateTime(r.startedAt)}</td>
                  <td>{r.peer}</td>
                  <td>{t(`reconOutcome.${r.outcome}` as 'reconOutcome.in_sync')}</td>
                  <td>{r.startedBy.username ?? t('links.schedule')}</td>
                  <td className="num">{r.differencesFound}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <section className="panel">
        <h2>{t('audit.incidents')}</h2>
        <IncidentsTable />
      </section>
    </section>
  );
}
