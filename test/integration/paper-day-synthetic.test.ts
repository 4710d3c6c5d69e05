import { syntheticSource } from '../../app/paper/market-source';
import { calendar, paperDaySummary } from '../support/paper-day-rig';
import { createTestDb, type TestDb } from '../support/test-db';

describe('a synthetic paper day end to end', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.drop();
  });

  const day = () => syntheticSource({ seed: 7, instruments: 12, tradingDay: '2025-09-05', calendar });

  it('passes every burn-in gate, and the same day, seed and config give the same events hash twice', async () => {
    const first = await paperDaySummary(db.pool, day(), 'synth-a');
    expect(first.gates).toEqual(Object.fromEntries(Object.keys(first.gates).map((k) => [k, true])));
    expect(Object.keys(first.gates)).toHaveLength(10);
    expect(first.signals).toBeGreaterThanOrEqual(50);
    expect(first.approved).toBeGreaterThanOrEqual(3);
    expect(first.ocoLifecyclesCompleted).toBeGreaterThanOrEqual(1);
    expect(first).toMatchObject({
      tradingDay: '2025-09-05',
      duplicateClientOrderIds: 0,
      orphanSiblings: 0,
      openOrdersAfterFlat: 0,
      openPositionsAfterFlat: 0,
      auditChainComplete: true,
    });
    expect(first.eventsHash).toMatch(/^[0-9a-f]{64}$/);

    const second = await paperDaySummary(db.pool, day(), 'synth-b');
    expect(second.eventsHash).toBe(first.eventsHash);
    expect(second.realisedPnlRupees).toBe(first.realisedPnlRupees);

    const other = await paperDaySummary(
      db.pool,
      syntheticSource({ seed: 8, instruments: 12, tradingDay: '2025-09-05', calendar }),
      'synth-c',
    );
    expect(other.eventsHash).not.toBe(first.eventsHash);

    // Every traded instrument has market data all day: no decision fails closed on the book's own
    // P&L being unknown (a position an earlier plan of the same scan opened is marked too).
    const { rows } = await db.pool.query<{ run: string; n: number }>(
      `SELECT namespace AS run, count(*)::int AS n FROM rm_decisions
        WHERE reasons @> '[{"code": "DAILY_PNL_UNKNOWN"}]' GROUP BY namespace`,
    );
    expect(rows).toEqual([]);
  }, 300_000);
});
