import { sql } from 'kysely';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from './create-database.ts';
import { isMigrated, MigrationError, migrateToLatest } from './migrate.ts';
import { migrations } from './migrations/index.ts';
import { createTestDatabase } from './testing/index.ts';

describe('migrations', async () => {
  const tdb = await createTestDatabase(inject('testServerUrl'), 'migrate');
  const db = createDatabase({ connectionString: tdb.connectionString });
  afterAll(async () => {
    await db.destroy();
    await tdb.drop();
  });

  it('bring a fresh database to the latest schema, once', async () => {
    expect(await isMigrated(db)).toBe(false);
    expect(await migrateToLatest(db)).toEqual(Object.keys(migrations));
    expect(await isMigrated(db)).toBe(true);
    expect(await migrateToLatest(db)).toEqual([]);
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' order by 1`.execute(db);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['audit_log', 'officer', 'station']),
    );
  });

  it('refuse a database migrated by a newer version, with an actionable message', async () => {
    await sql`insert into kysely_migration (name, timestamp) values ('9999-from-the-future', now())`.execute(
      db,
    );
    await expect(migrateToLatest(db)).rejects.toThrow(MigrationError);
    await expect(migrateToLatest(db)).rejects.toThrow(/newer Tiemeng/);
    await sql`delete from kysely_migration where name = '9999-from-the-future'`.execute(db);
  });

  it('say plainly when the database cannot be reached', async () => {
    const nowhere = createDatabase({ connectionString: 'postgres://postgres@127.0.0.1:1/tiemeng' });
    try {
      await expect(migrateToLatest(nowhere)).rejects.toThrow(/^could not reach the database: .*ECONNREFUSED/);
    } finally {
      await nowhere.destroy();
    }
  });
});
