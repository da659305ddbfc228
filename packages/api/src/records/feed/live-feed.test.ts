import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, startTestNode, type TestNode, writeNote } from '../../testing/index.ts';
import { type FeedItem, followRecordChanges } from './live-feed.ts';

const command = {
  officerId: 'c',
  username: 'zj.command',
  station: 'zj-luoyang',
  roles: ['command' as const],
};

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
    });
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
      const feed = follow(undefined, stop.signal);
      for await (const item of feed) seen.push((item as unknown as [string, FeedItem])[1].recordId);
    })();
    // As an append does: the transaction id comes with the first write, change_seq with a later one.
    const touch = (client: pg.Client, recordId: string) =>
      client.query(
        `update record_projection set change_seq = nextval('record_change_seq'), change_xid = pg_current_xact_id()
         where record_id = $1`,
        [recordId],
      );
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
      const feed = follow(undefined, stop.signal);
      const next = feed.next();
      const { recordId } = await writeNote(node.services, { kind: 'create', data: { title: 'at 2 a.m.' } });
      // Bounded, so a feed that is held back fails here and the transaction elsewhere still ends.
      const late = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('the feed is held back')), 10_000).unref(),
      );
      const { value } = await Promise.race([next, late]);
      expect((value as unknown as [string, FeedItem])[1].recordId).toBe(recordId);
    } finally {
      stop.abort();
      await elsewhere.query('rollback');
      await elsewhere.end();
    }
  });

  it('resumes from an event id of the older kind (a bare change_seq) without missing what followed', async () => {
    const before = await writeNote(node.services, { kind: 'create', data: { title: 'seen' } });
    const { change_seq } = await node.services.db
      .selectFrom('record_projection')
      .select('change_seq')
      .where('record_id', '=', before.recordId)
      .executeTakeFirstOrThrow();
    const after = await writeNote(node.services, { kind: 'create', data: { title: 'missed' } });
    const stop = new AbortController();
    const feed = follow(String(change_seq), stop.signal);
    const { value } = await feed.next();
    stop.abort();
    const [id, item] = value as unknown as [string, FeedItem];
    expect(item.recordId).toBe(after.recordId);
    expect(id).toMatch(/^\d+-\d+$/);
  });
});
