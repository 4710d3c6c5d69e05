import pino from 'pino';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { syntheticSource } from '../../app/paper/market-source';
import { runPaperDay } from '../../app/paper/paper-day';
import { isWorkingAtBroker } from '../../commands/trading/order-sync';
import { calendar, tradingConfig } from '../support/paper-day-rig';
import { createTestDb, type TestDb } from '../support/test-db';

/**
 * A graceful stop (what SIGINT/SIGTERM do to `npm run paper`): the replay ends before the close,
 * new entries are paused with the reason, the paper book is flat with nothing working, and the
 * read models have caught up.
 */
let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.drop();
});

test('stopped mid-session with positions open: paused, flat, nothing working, read models caught up', async () => {
  let stopAt = 0;
  const r = await runPaperDay({
    pool: db.pool,
    store: new PgEventStore(db.pool),
    source: syntheticSource({ seed: 5, instruments: 4, tradingDay: '2025-09-05', calendar }),
    config: tradingConfig,
    calendar,
    runId: 'stop-run',
    speed: 'max',
    log: pino({ level: 'silent' }),
    onReady: (h) => {
      // stop at the first fill (an entry's: nothing else is working before one)
      h.engine.onOrderNews((n) => {
        if (stopAt === 0 && n.event.type === 'OrderFilled') {
          stopAt = h.clock.nowMs();
          h.stop('test: SIGTERM');
        }
      });
    },
  });
  expect(stopAt).toBeGreaterThan(0);
  expect(r.stoppedEarly).toBe('test: SIGTERM');
  expect(r.clock.nowMs()).toBeLessThan(Date.parse(calendar.sessionInstant('2025-09-05' as never, 'close')));
  const control = await r.control.state();
  expect(control.paused?.reason).toBe('stopped before the close: test: SIGTERM');
  expect(r.engine.openGroupIds()).toEqual([]);
  expect((await r.broker.orders()).filter(isWorkingAtBroker)).toEqual([]);
  expect((await r.broker.positions()).filter((p) => p.quantity !== 0)).toEqual([]);
  const { rows } = await db.pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM rm_positions WHERE namespace = 'stop-run' AND net_qty <> 0",
  );
  expect(rows[0]!.n).toBe(0);
  const closed = await db.pool.query<{ reason: string }>(
    "SELECT close_reason AS reason FROM rm_oco_groups WHERE namespace = 'stop-run' AND phase = 'CLOSED'",
  );
  expect(closed.rows.map((x) => x.reason)).toContain('FLATTENED');
  await r.store.close();
}, 120_000);
