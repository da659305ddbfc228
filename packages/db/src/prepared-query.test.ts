import { sql } from 'kysely';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from './create-database.ts';
import { runPrepared } from './prepared-query.ts';
import { createTestDatabase } from './testing/index.ts';

describe('a prepared statement run on the pool', async () => {
  const tdb = await createTestDatabase(inject('testServerUrl'), 'prepared');
  const db = createDatabase({ connectionString: tdb.connectionString, max: 1 });
  await sql`create table once (id int primary key)`.execute(db);
  afterAll(async () => {
    await db.destroy();
    await tdb.drop();
  });
  const insert = { name: 'insert-once', text: 'insert into once values ($1)' };
  const backend = { name: 'backend', text: 'select pg_backend_pid() as pid' };

  it('keeps its connection, and the statement prepared on it, when the server refuses a run', async () => {
    const [before] = (await runPrepared(db, backend, [])).rows as { pid: number }[];
    expect((await runPrepared(db, insert, [1])).rowCount).toBe(1);
    await expect(runPrepared(db, insert, [1])).rejects.toMatchObject({ code: '23505' });
    const [after] = (await runPrepared(db, backend, [])).rows as { pid: number }[];
    expect(after!.pid).toBe(before!.pid);
    expect((await runPrepared(db, insert, [2])).rowCount).toBe(1);
  });

  it('runs unnamed inside a transaction, on the transaction’s connection', async () => {
    const rolledBack = db.transaction().execute(async (trx) => {
      await runPrepared(trx, insert, [3]);
      throw new Error('roll back');
    });
    await expect(rolledBack).rejects.toThrow('roll back');
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from once where id = 3`.execute(db);
    expect(rows[0]!.n).toBe(0);
  });
});
