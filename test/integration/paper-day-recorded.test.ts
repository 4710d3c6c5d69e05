import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readBarFile } from '../../adapters/market-data/read-bar-file';
import { recordedDay } from '../../app/paper/recorded-source';
import { builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import { calendar, INVARIANT_GATES, paperDaySummary, tradingConfig } from '../support/paper-day-rig';
import { createTestDb, type TestDb } from '../support/test-db';

const MARKET = resolve(__dirname, '../../../shared/fixtures/market');
const FILES = [
  resolve(MARKET, 'nse_1min_2017-09/SBIN_1min.csv'),
  resolve(MARKET, 'nse_1min_2017-09/NIFTY_1min.csv'),
  resolve(MARKET, 'nifty50_yahoo_2025-09/nifty_1min.csv'),
];
const present = existsSync(MARKET);
if (!present) console.warn(`[skipped] real NSE days: ${MARKET} is absent`);
const describeIfData = present ? describe : describe.skip;

describeIfData('recorded NSE days replayed through every strategy (shared/fixtures/market)', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.drop();
  });

  it.each(FILES)(
    'every day of %s keeps every invariant',
    async (path) => {
      const master = builtinInstrumentMaster();
      const file = await readBarFile(path, {
        instrumentKey: 'NSE:NIFTY 50',
        keyForSymbol: (s) => (s === 'NIFTY' ? 'NSE:NIFTY 50' : `NSE:${s}`),
        tickSizeOf: (k) => master.find(k)?.tickSize,
        isTradingDay: (d) => calendar.isTradingDay(d as never),
      });
      expect(file.days.length).toBeGreaterThanOrEqual(5);
      let signals = 0;
      for (const day of file.days) {
        const source = recordedDay({ files: [file], day, calendar, master, config: tradingConfig });
        const s = await paperDaySummary(db.pool, source, `rec-${day.replace(/-/g, '')}-${path.length % 97}`);
        signals += s.signals;
        for (const gate of INVARIANT_GATES) expect([day, gate, s.gates[gate]]).toEqual([day, gate, true]);
        expect(s.decisions).toBe(s.approved + s.blocked);
      }
      expect(signals).toBeGreaterThan(0);
    },
    300_000,
  );
});
