/**
 * The command dashboard (指挥看板): the four headline figures of a period, monthly bars per figure and
 * bars per station, the "both nodes agree" panel (our figures beside the partner's, read through its
 * API with the statistics digest), and the CSV export. Loaded on first visit with the chart library.
 */
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { trpc } from '../../api/client.ts';
import type { Figures } from '../../api/contract.ts';
import { appCodeOf } from '../../api/errors.ts';
import { api } from '../../app/query.ts';
import { useStationName } from '../../app/stations.ts';
import { ErrorBox, Loading } from '../../app/ui.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/zh.ts';
import { Bars } from './bar-chart.tsx';
import { monthsOf, type Period, presets } from './period.ts';

export const HEADLINE = ['disputesMediated', 'missingTraced', 'fugitivesIntercepted', 'casesSolved'] as const;
type Headline = (typeof HEADLINE)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export default function DashboardScreen() {
  const { t, lang } = useI18n();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  const now = useMemo(() => presets(new Date()), []);
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const period: Period = useMemo(
    () => (DATE.test(from) && DATE.test(to) ? { from, to } : now.year),
    [from, to, now],
  );
  const [draft, setDraft] = useState(period);
  const go = (p: Period) => {
    setDraft(p);
    navigate(`/dashboard?from=${p.from}&to=${p.to}`);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go(draft);
  };
  const total = useQuery(api('stats.summary', period, (i) => trpc.stats.summary.query(i)));
  const monthly = useQuery(
    api('stats.summary', { ...period, groupBy: 'month' as const }, (i) => trpc.stats.summary.query(i)),
  );
  const byStation = useQuery(
    api('stats.summary', { ...period, groupBy: 'station' as const }, (i) => trpc.stats.summary.query(i)),
  );
  const figures = total.data?.groups[0]?.figures;

  const download = async () => {
    const file = await trpc.stats.export.query(period);
    const url = URL.createObjectURL(new Blob([file.csv], { type: file.contentType }));
    const a = document.createElement('a');
    a.href = url;
    a.download = file.filename;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <section>
      <div className="page-head">
        <h1>{t('dash.title')}</h1>
        <button type="button" onClick={() => void download()}>
          {t('dash.csv')}
        </button>
      </div>
      <form className="panel period" onSubmit={submit}>
        <div className="field">
          <label htmlFor="dash-from">{t('dash.from')}</label>
          <input
            id="dash-from"
            type="date"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="dash-to">{t('dash.to')}</label>
          <input
            id="dash-to"
            type="date"
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
        </div>
        <button type="submit" className="primary">
          {t('dash.apply')}
        </button>
        <span className="filters">
          {(['year', 'lastYear', 'quarter', 'month'] as const).map((k) => (
            <button key={k} type="button" className="chip" onClick={() => go(now[k])}>
              {t(`dash.${k}` as MessageKey)}
            </button>
          ))}
        </span>
      </form>
      {total.error ? <ErrorBox error={total.error} /> : null}
      <div className="figures">
        {HEADLINE.map((key) => (
          <div key={key} className="figure">
            <div className="muted">{t(`figure.${key}` as MessageKey)}</div>
            <div className="value" data-testid={`figure-${key}`}>
              {figures ? figures[key] : '…'}
            </div>
          </div>
        ))}
      </div>
      <Agreement period={period} />
      <div className="record-grid">
        <section className="panel">
          <h2>{t('dash.monthly')}</h2>
          {monthly.data ? <MonthlyBars period={period} groups={monthly.data.groups} /> : <Loading />}
        </section>
        <section className="panel">
          <h2>{t('dash.byStation')}</h2>
          {byStation.data ? <StationBars groups={byStation.data.groups} /> : <Loading />}
        </section>
      </div>
      {total.data?.groups[0] ? (
        <section className="panel">
          <h2>{t('dash.allLines')}</h2>
          <table className="grid compact lines-table">
            <tbody>
              {total.data.groups[0].lines.map((l) => (
                <tr key={l.en}>
                  <th scope="row">{lang === 'zh' ? l.zh : l.en}</th>
                  <td className="num">{l.value ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </section>
  );
}

type Group = { key: string; figures: Pick<Figures, Headline> };

function MonthlyBars({ period, groups }: { period: Period; groups: Group[] }) {
  const { t } = useI18n();
  const { categories, series } = useMemo(() => {
    const months = monthsOf(period);
    return {
      categories: months.map((m) => m.slice(2)),
      series: HEADLINE.map((key) => ({
        name: t(`figure.${key}` as MessageKey),
        values: months.map((m) => groups.find((g) => g.key === m)?.figures[key] ?? 0),
      })),
    };
  }, [period, groups, t]);
  return <Bars categories={categories} series={series} label={t('dash.monthly')} />;
}

function StationBars({ groups }: { groups: Group[] }) {
  const { t } = useI18n();
  const stationName = useStationName();
  const { categories, series } = useMemo(
    () => ({
      categories: groups.map((g) => stationName(g.key)),
      series: HEADLINE.map((key) => ({
        name: t(`figure.${key}` as MessageKey),
        values: groups.map((g) => g.figures[key]),
      })),
    }),
    [groups, t, stationName],
  );
  return <Bars categories={categories} series={series} label={t('dash.byStation')} />;
}

function Agreement({ period }: { period: Period }) {
  const { t } = useI18n();
  const compare = useQuery(api('stats.compare', period, (i) => trpc.stats.compare.query(i)));
  if (compare.isPending) return <Loading />;
  if (compare.error) {
    return (
      <section className="panel">
        <h2>{t('dash.agree')}</h2>
        {appCodeOf(compare.error) === 'NOT_FOUND' ? (
          <p className="muted">{t('dash.compareUnavailable')}</p>
        ) : (
          <ErrorBox error={compare.error} />
        )}
      </section>
    );
  }
  const { ours, partners } = compare.data;
  return (
    <section className="panel">
      <h2>{t('dash.agree')}</h2>
      <table className="grid compact">
        <thead>
          <tr>
            <th scope="col">{t('links.peer')}</th>
            {HEADLINE.map((k) => (
              <th key={k} scope="col" className="num">
                {t(`figure.${k}` as MessageKey)}
              </th>
            ))}
            <th scope="col">{t('dash.digest')}</th>
            <th scope="col">{t('audit.anchorStatus')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">
              {t('dash.ours')} · {ours.nodeId}
            </th>
            {HEADLINE.map((k) => (
              <td key={k} className="num">
                {ours.figures[k]}
              </td>
            ))}
            <td className="mono small">{ours.digest.slice(0, 16)}…</td>
            <td />
          </tr>
          {partners.map((p) => (
            <tr
              key={p.nodeId}
              data-testid="partner-figures"
              data-node={p.nodeId}
              data-agree={String(p.agree === true)}
            >
              <th scope="row">
                {t('dash.partner')} · {p.nodeId}
              </th>
              {HEADLINE.map((k) => (
                <td key={k} className="num">
                  {p.figures ? p.figures[k] : '—'}
                </td>
              ))}
              <td className="mono small">{p.digest ? `${p.digest.slice(0, 16)}…` : '—'}</td>
              <td>
                {p.status === 'unreachable' ? (
                  <span className="badge tone-warn">{t('dash.unreachable')}</span>
                ) : p.agree ? (
                  <span className="badge tone-ok">✔ {t('dash.agree')}</span>
                ) : (
                  <span className="badge tone-bad">✖ {t('dash.disagree')}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
