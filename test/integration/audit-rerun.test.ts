import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { PgMarketRecorder } from '../../adapters/postgres/pg-market-recorder';
import { readMarketRecording } from '../../adapters/postgres/pg-market-recording';
import { RerunRefused } from '../../app/audit/rerun-day';
import { syntheticSource } from '../../app/paper/market-source';
import { readBarFiles, recordedDay } from '../../app/paper/recorded-source';
import { builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import { decodeTicks, encodeTicks } from '../../domain/market/market-tape';
import { calendar, tradingConfig } from '../support/paper-day-rig';
import { recordPaperDay, rerun } from '../support/recorded-day-rig';
import { createTestDb, type TestDb } from '../support/test-db';

const MARKET = resolve(__dirname, '../../../shared/fixtures/market/nse_1min_2017-09');

/** Issue 11: market data is recorded while the day trades, and the audit re-run reproduces its decisions. */
describe('market data recorded, and the audit re-run of the day', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.drop();
  });

  const count = async (table: string, ns: string) =>
    (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE namespace = $1`, [ns])).rows[0]!
      .n;

  it('a synthetic day re-runs to the same decisions; tampered market data and another config are caught', async () => {
    const source = syntheticSource({ seed: 7, instruments: 12, tradingDay: '2025-09-05', calendar });
    const decisions = await recordPaperDay(db.pool, source, 'rec-synth');
    expect(decisions).toBeGreaterThanOrEqual(3);
    expect(await count('market_bars', 'rec-synth')).toBeGreaterThan(12 * 300);
    expect(await count('market_decision_quotes', 'rec-synth')).toBe(decisions);

    const same = await rerun(db.pool, '2025-09-05', 'rec-synth');
    expect(same.differences).toEqual([]);
    expect(same.recorded).toBe(decisions);
    expect(same.rerun).toBe(decisions);

    // Another config: refused, naming both hashes.
    const other = { ...tradingConfig, scan: { ...tradingConfig.scan, intervalMs: tradingConfig.scan.intervalMs * 2 } };
    await expect(rerun(db.pool, '2025-09-05', 'rec-synth', other)).rejects.toThrow(RerunRefused);

    // Tampered market data: the first decision's instrument loses every tick up to that decision.
    const first = (
      await db.pool.query<{ instrument_key: string; ms: string }>(
        `SELECT instrument_key, (extract(epoch FROM decided_at) * 1000)::bigint AS ms FROM market_decision_quotes
          WHERE namespace = 'rec-synth' ORDER BY decided_at, plan_id LIMIT 1`,
      )
    ).rows[0]!;
    const rows = await db.pool.query<{ at_ms: string; ord: number; payload: string }>(
      `SELECT at_ms, ord, payload FROM market_tape WHERE namespace = 'rec-synth' AND kind = 'ticks' AND at_ms <= $1`,
      [first.ms],
    );
    for (const r of rows.rows) {
      const kept = decodeTicks(r.payload).filter((t) => t.key !== first.instrument_key);
      await db.pool.query(
        `UPDATE market_tape SET payload = $1 WHERE namespace = 'rec-synth' AND at_ms = $2 AND ord = $3`,
        [encodeTicks(kept), r.at_ms, r.ord],
      );
    }
    const tampered = await rerun(db.pool, '2025-09-05', 'rec-synth');
    expect(tampered.differences.length).toBeGreaterThan(0);
    expect(
      tampered.differences.some(
        (d) => (d.kind === 'extra' ? d.rerun : d.recorded).instrumentKey === first.instrument_key,
      ),
    ).toBe(true);
  }, 600_000);

  const describeIfData = existsSync(MARKET) ? it : it.skip;
  describeIfData(
    'a real recorded day (SBIN + NIFTY 2017-09-26) re-runs to the same decisions; recording again adds no row',
    async () => {
      const master = builtinInstrumentMaster();
      const files = await readBarFiles([MARKET], calendar, master);
      const source = recordedDay({ files, day: '2017-09-26', calendar, master, config: tradingConfig });
      const decisions = await recordPaperDay(db.pool, source, 'rec-real');
      expect(decisions).toBeGreaterThan(0);
      const same = await rerun(db.pool, '2017-09-26', 'rec-real');
      expect(same.differences).toEqual([]);
      expect(same.recorded).toBe(decisions);

      // A restarted process recording the same instants and minutes again: no duplicate row.
      const before = { tape: await count('market_tape', 'rec-real'), bars: await count('market_bars', 'rec-real') };
      const recording = (await readMarketRecording(db.pool, 'rec-real', '2017-09-26'))!;
      const again = new PgMarketRecorder(db.pool, { namespace: 'rec-real', tradingDay: '2017-09-26' });
      again.begin({ configHash: recording.configHash, universe: recording.universe });
      for (const e of recording.tape.slice(0, 200)) {
        if (e.kind === 'ticks') again.ticks(e.atMs, e.ticks);
        else if (e.kind === 'bars') for (const b of e.bars) again.bar(e.atMs, b);
        else if (e.kind === 'universe') again.universe(e.atMs, e.universe);
        else if (e.kind === 'scan') again.scan(e.atMs);
        else throw new Error(`a paper day records no ${e.kind} entry`);
      }
      await again.close();
      expect({ tape: await count('market_tape', 'rec-real'), bars: await count('market_bars', 'rec-real') }).toEqual(
        before,
      );
      expect(before.bars).toBeGreaterThan(0);
    },
    600_000,
  );
});
