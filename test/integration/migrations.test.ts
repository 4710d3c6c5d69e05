import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { MigrationError, migrate } from '../../adapters/postgres/migrate';
import { createTestDb, type TestDb } from '../support/test-db';

describe('migration runner', () => {
  let db: TestDb;
  beforeEach(async () => {
    db = await createTestDb({ migrate: false });
  });
  afterEach(async () => {
    await db.drop();
  });

  it('applies every migration once when two processes start at the same moment', async () => {
    const other = new Pool({ connectionString: db.url, max: 2 });
    try {
      const [a, b] = await Promise.all([migrate(db.pool), migrate(other)]);
      const total = a.applied.length + b.applied.length;
      expect(total).toBeGreaterThan(0);
      expect(Math.min(a.applied.length, b.applied.length)).toBe(0);
      const { rows } = await db.pool.query('SELECT name FROM schema_migrations ORDER BY name');
      expect(rows.map((r) => r.name)).toEqual([...a.applied, ...b.applied].sort());
      expect((await migrate(db.pool)).applied).toEqual([]);
    } finally {
      await other.end();
    }
  });

  it('refuses a landed migration whose file was edited, and rolls back a failing one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mig-'));
    writeFileSync(join(dir, '0001_a.sql'), 'CREATE TABLE mig_a (id int);');
    expect((await migrate(db.pool, dir)).applied).toEqual(['0001_a.sql']);
    writeFileSync(join(dir, '0001_a.sql'), 'CREATE TABLE mig_a (id bigint);');
    await expect(migrate(db.pool, dir)).rejects.toThrow(/was changed after it was applied/);

    const dir2 = mkdtempSync(join(tmpdir(), 'mig-'));
    writeFileSync(join(dir2, '0001_b.sql'), 'CREATE TABLE mig_b (id int); SELECT 1/0;');
    await expect(migrate(db.pool, dir2)).rejects.toBeInstanceOf(MigrationError);
    const { rows } = await db.pool.query("SELECT to_regclass('mig_b') AS t");
    expect(rows[0].t).toBeNull();

    const dir3 = mkdtempSync(join(tmpdir(), 'mig-'));
    writeFileSync(join(dir3, 'bad name.sql'), 'SELECT 1;');
    await expect(migrate(db.pool, dir3)).rejects.toThrow(/is not NNNN_name.sql/);
  });
});
