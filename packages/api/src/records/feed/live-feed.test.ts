import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SharedReads } from '../../batching/shared-reads.ts';
import { eventually, startTestNode, type TestNode, writeNote } from '../../testing/index.ts';
import { type FeedBatch, followRecordChanges } from './live-feed.ts';

const command = {
  officerId: 'c',
  username: 'zj.command',
  station: 'zj-luoyang',
  roles: ['command' as const],
};

/** The records a message of the feed carries, in order. */
const recordIdsOf = (message: [id: string, batch: FeedBatch]) => message[1].changes.map((c) => c.recordId);

/**
 * Two writers commit out of order: the one that took the larger `change_seq` commits first. A
 * follower must still be given both changes, the later-committed one included.
 */
describe('the live feed under writers committing out of order', () => {
  let node: TestNode;
  const writers: pg.Client[] = [];
  beforeAll(async () => {
    node = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
    for (let i = 0; i < 2; i++) {
      const client = new pg.Client({ connectionString: node.connectionString });
      await client.connect();
      writers.push(client);
    }
  });
  /** The feed as command staff (who see every record) follow it. */
  const follow = (lastEventId: string | undefined, signal: AbortSignal) =>
    followRecordChanges({
      db: node.services.db,
      records: node.services.records,
      nodeId: node.services.config.nodeId,
      officer: command,
      lastEventId,
      signal,
      changes: node.services.recordChanges,
      reads: new SharedReads(),
    });
  /** A projection write as an append makes it, on a writer's own connection (and transaction). */
  const touch = (client: pg.Client, recordId: string) =>
    client.query(
      `update record_projection set change_seq = nextval('record_change_seq'), change_xid = pg_current_xact_id()
       where record_id = $1`,
      [recordId],
    );
  /** The next message of a feed, or a failure after 10 s (so a test that finds the feed stuck still cleans up). */
  const nextOf = async (feed: ReturnType<typeof follow>) => {
    const late = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('the feed is held back')), 10_000).unref(),
    );
    const { value } = await Promise.race([feed.next(), late]);
    return value as unknown as [id: string, batch: FeedBatch];
  };
  /** The id of the newest change so far: following from it is following from now, without a race. */
  const idOfNow = async () => {
    const { change_xid, change_seq } = await node.services.db
      .selectFrom('record_projection')
      .select(['change_xid', 'change_seq'])
      .orderBy('change_xid', 'desc')
      .orderBy('change_seq', 'desc')
      .executeTakeFirstOrThrow();
    return `${change_xid}-${change_seq}`;
  };
  afterAll(async () => {
    await Promise.all(writers.map((w) => w.end()));
    await node.destroy();
  });

  it('misses no change when the writer that took the smaller change_seq commits last', async () => {
    const [first, second] = await Promise.all(
      ['first', 'second'].map(async (title) => {
        const { recordId } = await writeNote(node.services, { kind: 'create', data: { title } });
        return recordId;
      }),
    );
    const stop = new AbortController();
    const seen: string[] = [];
    const follower = (async () => {
      const feed = follow(await idOfNow(), stop.signal);
      for await (const message of feed)
        seen.push(...(message as unknown as [string, FeedBatch])[1].changes.map((c) => c.recordId));
    })();
    // The transaction id comes with the first write, change_seq with a later one, as in an append.
    const [a, b] = writers as [pg.Client, pg.Client];
    await a.query('begin');
    await a.query('select pg_current_xact_id()'); // a's transaction id is the smaller
    await b.query('begin');
    await b.query('select pg_current_xact_id()');
    await touch(b, second!); // b takes the smaller change_seq …
    await touch(a, first!); // … a the larger, and commits first
    await a.query('commit');
    await eventually(async () => seen.includes(first!), 'the change committed first');
    await b.query('commit');
    await eventually(async () => seen.includes(second!), 'the change committed last');
    stop.abort();
    await follower;
    expect(seen).toEqual([first, second]);
  });

  it('is not held back by a long write transaction in another database of the same server', async () => {
    const elsewhere = new pg.Client({ connectionString: inject('testServerUrl') });
    await elsewhere.connect();
    const stop = new AbortController();
    try {
      await elsewhere.query('begin');
      await elsewhere.query('select pg_current_xact_id()'); // a write transaction, left open
      const feed = follow(await idOfNow(), stop.signal);
      const next = nextOf(feed);
      const { recordId } = await writeNote(node.services, { kind: 'create', data: { title: 'at 2 a.m.' } });
      expect(recordIdsOf(await next)).toEqual([recordId]);
    } finally {
      stop.abort();
      await elsewhere.query('rollback');
      await elsewhere.end();
    }
  });

  it('resumes from an event id of the older kind (a bare change_seq), an older writer still running', async () => {
    const seen = await writeNote(node.services, { kind: 'create', data: { title: 'seen' } });
    const { change_seq } = await node.services.db
      .selectFrom('record_projection')
      .select('change_seq')
      .where('record_id', '=', seen.recordId)
      .executeTakeFirstOrThrow();
    const [older] = writers as [pg.Client];
    await older.query('begin');
    await older.query('select pg_current_xact_id()'); // begun before the next write, still running
    const missed = await writeNote(node.services, { kind: 'create', data: { title: 'missed' } });
    const stop = new AbortController();
    try {
      const feed = follow(String(change_seq), stop.signal);
      const first = nextOf(feed);
      await touch(older, seen.recordId);
      await older.query('commit');
      const message = await first;
      expect(message[0]).toMatch(/^\d+-\d+$/);
      const ids = recordIdsOf(message);
      // Both are usually in the one read after the commit; the second may come in the next.
      if (ids.length < 2) ids.push(...recordIdsOf(await nextOf(feed)));
      expect(ids).toEqual([seen.recordId, missed.recordId]);
    } finally {
      stop.abort();
    }
  });

  it('never sends records restored from a server whose transaction ids ran ahead as new changes', async () => {
    const restored = await writeNote(node.services, { kind: 'create', data: { title: 'restored' } });
    // The restored database carries the other server's transaction id: 50 ahead of this server's.
    await sql`update record_projection
      set change_xid = (pg_snapshot_xmax(pg_current_snapshot())::text::numeric + 50)::text::xid8
      where record_id = ${restored.recordId}`.execute(node.services.db);
    const started = await startTestNode({
      serverUrl: inject('testServerUrl'),
      side: 'zj',
      connectionString: node.connectionString,
    });
    const stop = new AbortController();
    try {
      const feed = follow(undefined, stop.signal);
      const next = nextOf(feed);
      // This server's transaction ids pass the restored one's; then a change is made here.
      for (let i = 0; i < 60; i++) await writers[0]!.query('select pg_current_xact_id()');
      const later = await writeNote(node.services, { kind: 'create', data: { title: 'after the restore' } });
      expect(recordIdsOf(await next)).toEqual([later.recordId]);
    } finally {
      stop.abort();
      await started.stop();
    }
  });

  it('sends the changes one read finds as one message, tracked by the last change', async () => {
    const stop = new AbortController();
    try {
      const feed = follow(await idOfNow(), stop.signal);
      const notes = [];
      for (const title of ['one', 'two', 'three'])
        notes.push(await writeNote(node.services, { kind: 'create', data: { title } }));
      const [id, batch] = await nextOf(feed);
      expect(batch.changes.map((c) => c.recordId)).toEqual(notes.map((n) => n.recordId));
      expect(id).toBe(batch.changes.at(-1)!.eventId);
      // Resuming from a change inside the message sends what came after it.
      const resumed = follow(batch.changes[0]!.eventId, stop.signal);
      expect(recordIdsOf(await nextOf(resumed))).toEqual(notes.slice(1).map((n) => n.recordId));
    } finally {
      stop.abort();
    }
  });

  it('starts from now when resumed from an id this server cannot have given', async () => {
    const stop = new AbortController();
    try {
      const feed = follow('9999999999999999999-1', stop.signal);
      const next = nextOf(feed);
      // "Now" is whenever the follower starts, so notes are written until one arrives: the first item
      // is one of them, not an earlier change replayed, and the feed is not waiting for the far future.
      const written = new Set<string>();
      let arrived = false;
      const writing = (async () => {
        while (!arrived) {
          written.add(
            (await writeNote(node.services, { kind: 'create', data: { title: 'later' } })).recordId,
          );
          await new Promise((r) => setTimeout(r, 200));
        }
      })();
      const message = await next.finally(() => {
        arrived = true;
      });
      await writing;
      expect(recordIdsOf(message).every((id) => written.has(id))).toBe(true);
    } finally {
      stop.abort();
    }
  });
});

describe('an open live feed with nothing to send', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
  });
  afterAll(() => node.destroy());

  /** `n` feeds as command staff follow them, sharing their reads, on a pool that counts the queries they make. */
  function countedFeeds(n: number) {
    const counted = { queries: 0 };
    const stop = new AbortController();
    const db = node.services.db.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        counted.queries++;
        return args.result;
      },
    });
    const reads = new SharedReads();
    const feeds = Array.from({ length: n }, () =>
      followRecordChanges({
        db,
        records: node.services.records,
        nodeId: node.services.config.nodeId,
        officer: command,
        lastEventId: undefined,
        signal: stop.signal,
        changes: node.services.recordChanges,
        reads,
      }),
    );
    return { counted, feeds, stop };
  }
  const recordIdOf = (item: IteratorResult<unknown>) => recordIdsOf(item.value as [string, FeedBatch])[0];

  it('asks the database nothing while idle, and is woken by the next commit', async () => {
    const { counted, feeds, stop } = countedFeeds(1);
    const feed = feeds[0]!;
    try {
      const first = feed.next();
      await eventually(async () => counted.queries > 0, 'the feed has started');
      const before = await writeNote(node.services, { kind: 'create', data: { title: 'first' } });
      expect(recordIdOf(await first)).toBe(before.recordId);
      const second = feed.next();
      await new Promise((r) => setTimeout(r, 500)); // it reads once more, finds nothing and waits
      const idleFrom = counted.queries;
      await new Promise((r) => setTimeout(r, 10_000));
      expect(counted.queries - idleFrom).toBe(0);
      const later = await writeNote(node.services, { kind: 'create', data: { title: 'at 2 a.m.' } });
      expect(recordIdOf(await second)).toBe(later.recordId);
    } finally {
      stop.abort();
    }
  });

  it('fifty desks up to date share one query per commit, and each gets the change', async () => {
    const { counted, feeds, stop } = countedFeeds(50);
    try {
      const next = feeds.map((f) => f.next());
      // Each feed finds where it starts, reads once, finds nothing and waits.
      await eventually(async () => counted.queries >= 51, 'the feeds have started');
      await new Promise((r) => setTimeout(r, 500));
      const idleFrom = counted.queries;
      const note = await writeNote(node.services, { kind: 'create', data: { title: 'to every desk' } });
      expect((await Promise.all(next)).map(recordIdOf)).toEqual(feeds.map(() => note.recordId));
      // One or two shared reads (a feed woken while the first runs waits for the next), not fifty.
      expect(counted.queries - idleFrom).toBeLessThanOrEqual(2);
    } finally {
      stop.abort();
    }
  });
});
