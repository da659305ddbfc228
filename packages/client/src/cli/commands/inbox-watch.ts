import { setTimeout as sleep } from 'node:timers/promises';
import { type FeedConnection, type FeedData, followFeed } from '../../live-feed.ts';
import type { CliContext } from '../cli-context.ts';
import { label, statusLabel } from '../labels.ts';
import { localTime } from '../local-time.ts';
import { printJson } from '../output.ts';
import { printable } from '../printable.ts';

/** The open statuses of a request: what the duty desk still has to act on. */
export const OPEN_STATUSES = [
  'filed',
  'acknowledged',
  'in_progress',
  'info_requested',
  'info_provided',
] as const;

interface Me {
  station: string;
  node: string;
}

/** An open inbound request as the inbox lists it. */
interface Listed {
  id: string;
  title: string;
  overdue: boolean;
  priority: string;
}

/** Whether our own steps of a record have reached the partners they are addressed to. */
interface Delivery {
  /** The record's newest step is ours. */
  newestOurs: boolean;
  /** Partners still missing one of our steps. */
  pendingTo: string[];
  /** Partners our steps are addressed to. */
  to: string[];
}

/**
 * `tiemeng inbox --watch` after the first page: follows the live feed (bell on an urgent inbound
 * item) and says what the feed alone would not —
 * - the feed's own connection: when it drops (reconnecting since …) and when it is back;
 * - an open inbound request that falls overdue while watching (checked every `recheckSeconds`);
 * - for a change of ours, whether it has reached the partner yet (`timeline[].entry.delivered` of the
 *   record), then once it has.
 * In `--json` mode each is one JSON line: feed items as `{ id, … }`, the rest with an `event` field.
 */
export async function watchInbox(
  ctx: CliContext,
  opts: { me: Me; listed: Listed[]; recheckSeconds: number; signal: AbortSignal },
): Promise<void> {
  const { lang } = ctx;
  const now = () => new Date().toISOString();
  const say = (text: string) => console.log(printable(text));
  const overdue = new Set(opts.listed.filter((r) => r.overdue).map((r) => r.id));
  const pending = new Map<string, { recordType: string; title: string }>();
  let downSince: string | undefined;

  const onConnection = (c: FeedConnection) => {
    if (c.state === 'connected') {
      if (ctx.json) printJson({ event: 'connection', state: 'connected', at: now() });
      else if (downSince)
        say(
          `${localTime(now())}  ${label('feedBack', lang)} (${label('feedDownSince', lang)} ${localTime(downSince)})`,
        );
      else say(`${localTime(now())}  ${label('feedConnected', lang)}`);
      downSince = undefined;
      return;
    }
    if (downSince) return; // one line per outage, not one per retry
    downSince = now();
    if (ctx.json)
      printJson({ event: 'connection', state: 'reconnecting', since: downSince, reason: c.reason ?? null });
    else say(`${label('feedReconnecting', lang)} ${localTime(downSince)}${c.reason ? ` (${c.reason})` : ''}`);
  };

  const deliveryOf = async (recordType: string, id: string): Promise<Delivery | undefined> => {
    const record = await getRecord(ctx, recordType, id);
    if (!record) return undefined;
    const ours = record.timeline.filter((t) => t.author === opts.me.node && t.entry);
    const to = [...new Set(ours.map((t) => t.entry!.to))];
    const pendingTo = [...new Set(ours.filter((t) => !t.entry!.delivered).map((t) => t.entry!.to))];
    return { newestOurs: record.timeline.at(-1)?.author === opts.me.node, pendingTo, to };
  };

  const sayDelivery = (recordId: string, recordType: string, title: string, d: Delivery, indent: boolean) => {
    const delivered = d.pendingTo.length === 0;
    if (ctx.json) {
      printJson({ event: 'delivery', recordId, recordType, delivered, to: d.to, pendingTo: d.pendingTo });
      return;
    }
    const what = delivered
      ? `${label('deliveredTo', lang)} ${d.to.join(', ')}`
      : `${label('notDeliveredTo', lang)} ${d.pendingTo.join(', ')}`;
    say(indent ? `  ↳ ${what}` : `${localTime(now())}  ${what}  ${title}  ${recordId}`);
  };

  /** After a change of ours: has it reached the partner? Followed until it has. */
  const checkDelivery = async (item: FeedData) => {
    const d = await deliveryOf(item.recordType, item.recordId).catch(() => undefined);
    if (!d || d.to.length === 0) return;
    if (d.newestOurs || d.pendingTo.length > 0)
      sayDelivery(item.recordId, item.recordType, titleOf(item), d, true);
    if (d.pendingTo.length > 0)
      pending.set(item.recordId, { recordType: item.recordType, title: titleOf(item) });
    else pending.delete(item.recordId);
  };

  /** Deadlines and deliveries, checked again: the feed announces changes, not the passing of time. */
  const recheck = async () => {
    const page = await ctx.client.assistance.list.query({
      direction: 'inbound',
      station: opts.me.station,
      status: [...OPEN_STATUSES],
      order: 'urgency',
      limit: 200,
    });
    for (const r of page.items) {
      if (!r.overdue || overdue.has(r.id)) continue;
      overdue.add(r.id);
      if (ctx.json)
        printJson({ event: 'overdue', id: r.id, title: r.title, priority: r.priority, at: now() });
      else
        say(
          `${localTime(now())}  ${label('becameOverdue', lang)}  ${label(r.priority, lang)}  ${r.title}  ${r.id}`,
        );
    }
    for (const [id, p] of pending) {
      const d = await deliveryOf(p.recordType, id);
      if (d && d.pendingTo.length === 0) {
        pending.delete(id);
        sayDelivery(id, p.recordType, p.title, d, false);
      }
    }
  };
  const rechecking = (async () => {
    while (!opts.signal.aborted) {
      await sleep(opts.recheckSeconds * 1000, undefined, { signal: opts.signal }).catch(() => {});
      if (opts.signal.aborted) break;
      // A node that does not answer now is tried again next time; the feed's line says it is down.
      await recheck().catch(() => {});
    }
  })();

  try {
    for await (const { id, data } of followFeed(ctx.client, { signal: opts.signal, onConnection })) {
      const urgent = data.headline.priority === 'urgent' && data.direction === 'inbound';
      if (ctx.json) printJson({ id, ...data });
      // The bell is ours, for an urgent inbound item; the partner's title cannot ring it.
      else
        console.log(
          `${urgent ? '\u0007' : ''}${printable(`${localTime(data.updatedAt)}  ${label(data.direction, lang)}  ${data.recordType}  ${statusLabel(data.status, lang)}  ${titleOf(data)}  ${data.recordId}`)}`,
        );
      await checkDelivery(data);
    }
  } finally {
    await rechecking;
  }
}

const titleOf = (item: FeedData) => String(item.headline.title ?? item.headline.summary ?? '');

/** A record with its signed timeline, by type; undefined for a type the CLI does not read. */
async function getRecord(ctx: CliContext, recordType: string, id: string) {
  switch (recordType) {
    case 'assistance':
      return ctx.client.assistance.get.query({ id });
    case 'notice':
      return ctx.client.notice.get.query({ id });
    case 'mediation':
      return ctx.client.mediation.get.query({ id });
    default:
      return undefined;
  }
}
