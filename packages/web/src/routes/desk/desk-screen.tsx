/**
 * The duty desk (值班台): inbound requests, live from the feed, urgent ones awaiting acknowledgement
 * on top with their countdowns; the outbound tab follows the partner's progress on ours.
 */
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { Link, useSearch } from 'wouter';
import { trpc } from '../../api/client.ts';
import { useFeed } from '../../app/feed.tsx';
import { useStationName } from '../../app/stations.ts';
import { DeadlineCell, ErrorBox, Loading, PriorityBadge, StatusBadge, useNow } from '../../app/ui.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { countdown } from '../../lib/countdown.ts';
import { deskOrder } from './desk-order.ts';

const OPEN = ['filed', 'acknowledged', 'in_progress', 'info_requested', 'info_provided'] as const;

type Direction = 'inbound' | 'outbound';

/**
 * The desk's pages: open requests urgent and overdue first (as the node ranks them, so none is
 * left beyond the first page by newer normal ones), or every request newest first.
 */
export function listQuery(direction: Direction, finished: boolean) {
  const input = finished
    ? { direction, limit: 50 }
    : { direction, status: [...OPEN], order: 'urgency' as const, limit: 100 };
  return infiniteQueryOptions({
    queryKey: ['assistance.list', input] as const,
    queryFn: ({ pageParam }) =>
      trpc.assistance.list.query(pageParam ? { ...input, cursor: pageParam } : input),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function DeskScreen() {
  const { t } = useI18n();
  const search = useSearch();
  const params = new URLSearchParams(search);
  const direction: Direction = params.get('tab') === 'outbound' ? 'outbound' : 'inbound';
  const finished = params.get('finished') === '1';
  const tabHref = (d: Direction, f: boolean) => {
    const q = new URLSearchParams();
    if (d === 'outbound') q.set('tab', 'outbound');
    if (f) q.set('finished', '1');
    const s = q.toString();
    return s ? `/desk?${s}` : '/desk';
  };
  return (
    <section>
      <div className="page-head">
        <h1>{t('desk.title')}</h1>
        <Link href="/requests/new" className="button primary">
          {t('nav.newRequest')}
        </Link>
      </div>
      <div className="tabs">
        <Link
          href={tabHref('inbound', finished)}
          aria-current={direction === 'inbound' ? 'page' : undefined}
          className={direction === 'inbound' ? 'tab active' : 'tab'}
        >
          {t('desk.inbound')}
        </Link>
        <Link
          href={tabHref('outbound', finished)}
          aria-current={direction === 'outbound' ? 'page' : undefined}
          className={direction === 'outbound' ? 'tab active' : 'tab'}
        >
          {t('desk.outbound')}
        </Link>
        <span className="spacer" />
        <Link href={tabHref(direction, !finished)} className="tab-option">
          {finished ? t('desk.showOpen') : t('desk.showAll')}
        </Link>
      </div>
      <RequestTable direction={direction} finished={finished} />
    </section>
  );
}

function RequestTable({ direction, finished }: { direction: Direction; finished: boolean }) {
  const { t, label, dateTime } = useI18n();
  const stationName = useStationName();
  const now = useNow();
  const { fresh } = useFeed();
  const list = useInfiniteQuery(listQuery(direction, finished));
  if (list.isPending) return <Loading />;
  if (list.error) return <ErrorBox error={list.error} />;
  const rows = deskOrder(list.data.pages.flatMap((p) => p.items));
  if (rows.length === 0) return <p className="empty">{t('desk.empty')}</p>;
  return (
    <div className="table-wrap">
      <table className="grid" aria-label={direction === 'inbound' ? t('desk.inbound') : t('desk.outbound')}>
        <thead>
          <tr>
            <th scope="col">{t('desk.priority')}</th>
            <th scope="col">{t('desk.title.col')}</th>
            <th scope="col">{t('desk.category')}</th>
            <th scope="col">{direction === 'inbound' ? t('desk.from') : t('desk.to')}</th>
            <th scope="col">{t('desk.status')}</th>
            <th scope="col">{t('desk.ackDue')}</th>
            <th scope="col">{t('desk.completeDue')}</th>
            <th scope="col">{t('desk.filedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const ack = countdown(r.dueAckAt, now, r.ackInTime);
            const overdue = r.overdue || ack.red || countdown(r.dueCompleteAt, now, r.completedInTime).red;
            const open = (OPEN as readonly string[]).includes(r.status);
            return (
              <tr
                key={r.id}
                data-testid="request-row"
                data-id={r.id}
                data-priority={r.priority}
                data-overdue={String(open && overdue)}
                className={`${open && overdue ? 'row-overdue' : ''} ${fresh.has(r.id) ? 'row-fresh' : ''}`}
              >
                <td>
                  <PriorityBadge priority={r.priority} />
                </td>
                <td>
                  <Link href={`/requests/${r.id}`} className="row-link">
                    {r.title}
                  </Link>
                </td>
                <td>{label('category', r.category)}</td>
                <td>{stationName(direction === 'inbound' ? r.requestingStation : r.addressedStation)}</td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td>
                  {open || r.ackInTime !== null ? (
                    <DeadlineCell dueAt={r.dueAckAt} inTime={r.ackInTime} now={now} testId="ack-countdown" />
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  {open || r.completedInTime !== null ? (
                    <DeadlineCell dueAt={r.dueCompleteAt} inTime={r.completedInTime} now={now} />
                  ) : (
                    '—'
                  )}
                </td>
                <td className="nowrap">{dateTime(r.filedAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {list.hasNextPage ? (
        <button
          type="button"
          className="secondary"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {t('desk.more')}
        </button>
      ) : null}
    </div>
  );
}
