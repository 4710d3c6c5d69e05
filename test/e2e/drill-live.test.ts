import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tickerDropDrill } from '../../app/drill/live/drills/ticker-drop';
import { runLiveDrills } from '../../app/drill/live/run-live-drills';
import { redisDbUrl } from '../support/redis-db';
import { createTestDb, type TestDb } from '../support/test-db';

/**
 * One drill of `npm run drill:live` end to end, as the command runs it: the simulator and the
 * trader as real processes, the ticker dropped and stalled mid-session, and the drill's own
 * findings read back. The reconnection and the freshness checks must hold whatever the day
 * traded; whether the day produced an entry (else a "nothing was tested" violation) depends on
 * the trader's strategies, so it is only required to be reported, one way or the other.
 */
describe('drill:live ticker_drop (real processes)', () => {
  jest.setTimeout(180_000);
  let db: TestDb;
  const dir = mkdtempSync(join(tmpdir(), 'drill-live-test-'));

  beforeAll(async () => {
    db = await createTestDb();
  });

  afterAll(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reconnects and resubscribes after the drop and the stall, and approves nothing on stale data', async () => {
    const config = JSON.parse(readFileSync(join(__dirname, '..', '..', 'config', 'trading.json'), 'utf8'));
    const configFile = join(dir, 'trading.json');
    writeFileSync(configFile, JSON.stringify(config));
    const lines: string[] = [];
    const results = await runLiveDrills(
      {
        databaseUrl: db.url,
        // Its own leader locks (the drill's own API key) in a Redis database of its own.
        redisUrl: redisDbUrl(13),
        configFile,
        maxTickAgeMs: config.risk.maxTickAgeMs,
        maxSpreadBps: config.risk.maxSpreadBps,
        dir,
        progress: (l) => lines.push(l),
      },
      [tickerDropDrill],
      1,
      4980,
    );
    const r = results.ticker_drop!;
    expect(r.checks).toMatchObject({
      subscribedBefore: true,
      reconnectedAndResubscribed: true,
      noDecisionOnStaleData: true,
      noDuplicateTags: true,
      noDuplicateChildren: true,
    });
    expect(r.checks.ran).toBeUndefined(); // the drill itself did not fail
    expect(r.counts['ticker_drop.subscriptionsAfter']).toBeGreaterThan(0);
    expect(r.counts['ticker_stall.subscriptionsAfter']).toBeGreaterThan(0);
    expect(typeof r.checks.tested).toBe('boolean');
    if (r.counts.entries === 0)
      expect(r.violations).toContain(
        'tested: nothing was tested: the day produced no entry (no order could be duplicated)',
      );
    expect(lines.some((l) => l.includes('ticker_drop at 10:00'))).toBe(true);
  });
});
