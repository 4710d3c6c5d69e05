import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BarFileError } from '../../adapters/market-data/bar-file-error';
import { writeCanonicalBarCsv } from '../../adapters/market-data/canonical-bar-csv';
import { type BarFileOptions, readBarFile, selectDay } from '../../adapters/market-data/read-bar-file';
import { parseHolidayData } from '../../domain/calendar/holiday-data';
import { TradingCalendar } from '../../domain/calendar/trading-calendar';
import { barsOfDay } from '../../domain/market/bar-days';

const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures/market');
const present = existsSync(FIXTURES);
if (!present) console.warn(`[market-data] no real market data at ${FIXTURES}: the fixture tests are SKIPPED`);
const describeWithFixtures = present ? describe : describe.skip;

const calendar = new TradingCalendar(
  parseHolidayData(JSON.parse(readFileSync(path.resolve(__dirname, '../../config/nse-holidays.json'), 'utf8'))),
);
const TICKS: Record<string, number> = { 'NSE:NIFTY 50': 5, 'NSE:SBIN': 5 };
const options = (over: Partial<BarFileOptions> = {}): BarFileOptions => ({
  instrumentKey: 'NSE:NIFTY 50',
  keyForSymbol: (s) => (s === 'NIFTY' ? 'NSE:NIFTY 50' : `NSE:${s}`),
  tickSizeOf: (key) => TICKS[key],
  isTradingDay: (day) => calendar.isTradingDay(day),
  ...over,
});
const yahoo = (file: string) => path.join(FIXTURES, 'nifty50_yahoo_2025-09', file);
const nse2017 = (file: string) => path.join(FIXTURES, 'nse_1min_2017-09', file);
const countByDay = (bars: readonly { start: string }[], days: readonly string[]) =>
  Object.fromEntries(days.map((d) => [d, barsOfDay(bars as never, d).length]));

describeWithFixtures('recorded NSE days: Yahoo 1-minute NIFTY 50 (Sep 2025)', () => {
  it('reads the raw export: 3 header lines, UTC start-minute labels, float noise snapped to the tick', async () => {
    const f = await readBarFile(yahoo('nifty_1min.csv'), options());
    expect(f.format).toBe('yahoo-raw');
    expect(f.bars).toHaveLength(1874);
    expect(f.days).toEqual(['2025-09-04', '2025-09-05', '2025-09-08', '2025-09-09', '2025-09-10']);
    expect(countByDay(f.bars, f.days)).toEqual({
      '2025-09-04': 375,
      '2025-09-05': 374,
      '2025-09-08': 375,
      '2025-09-09': 375,
      '2025-09-10': 375,
    });
    expect(f.bars[0]).toEqual({
      key: 'NSE:NIFTY 50',
      start: '2025-09-04T03:45:00.000Z', // 09:15 IST
      open: 2497030,
      high: 2497030,
      low: 2486705,
      close: 2487660,
      volume: 0,
    });
    expect(f.bars[f.bars.length - 1]).toMatchObject({ start: '2025-09-10T09:59:00.000Z', close: 2497755 });
    // the 15:19 IST bar of 5 Sep is missing in the source: a gap, not a made-up bar
    const sep5 = selectDay(f, '2025-09-05').map((b) => b.start);
    expect(sep5).not.toContain('2025-09-05T09:49:00.000Z');
    expect(sep5).toContain('2025-09-05T09:48:00.000Z');
  });

  it('reads the cleaned file to the very same bars', async () => {
    const raw = await readBarFile(yahoo('nifty_1min.csv'), options());
    const clean = await readBarFile(yahoo('nifty_1min.cleaned.csv'), options());
    expect(clean.format).toBe('yahoo-clean');
    expect(clean.bars).toEqual(raw.bars);
  });

  it('round-trips through our canonical CSV', async () => {
    const raw = await readBarFile(yahoo('nifty_1min.csv'), options());
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'market-data-')), 'nifty.csv');
    await writeCanonicalBarCsv(out, raw.bars);
    expect(readFileSync(out, 'utf8').split('\n')[1]).toBe(
      'NSE:NIFTY 50,2025-09-04T03:45:00Z,24970.30,24970.30,24867.05,24876.60,0',
    );
    const back = await readBarFile(out, options({ instrumentKey: undefined }));
    expect(back.format).toBe('canonical');
    expect(back.bars).toEqual(raw.bars);
  });

  it('refuses prices that are off a coarser tick, naming the line', async () => {
    const err = await readBarFile(yahoo('nifty_1min.csv'), options({ tickSizeOf: () => 10 })).catch((e) => e);
    expect(err).toBeInstanceOf(BarFileError);
    expect(err.first.line).toBe(4);
    expect(err.first.reason).toBe('low 24867.05078125 is not on the 0.10 tick (tolerance 0.5 paise)');
  });
});

describeWithFixtures('recorded NSE days: end-labelled 1-minute NIFTY and SBIN (Sep-Oct 2017)', () => {
  it('relabels bars by their start minute and drops the flat 09:15 opening print', async () => {
    const f = await readBarFile(nse2017('NIFTY_1min.csv'), options());
    expect(f.format).toBe('nse-end-labelled');
    expect(f.droppedOpeningPrints).toBe(10);
    expect(f.days).toEqual([
      '2017-09-26',
      '2017-09-27',
      '2017-09-28',
      '2017-09-29',
      '2017-10-03',
      '2017-10-04',
      '2017-10-05',
      '2017-10-06',
      '2017-10-09',
      '2017-10-10',
    ]);
    const perDay = countByDay(f.bars, f.days);
    expect(perDay['2017-09-29']).toBe(342); // a feed outage from about 14:11 to 14:44 IST
    for (const d of f.days.filter((x) => x !== '2017-09-29')) expect(perDay[d]).toBe(375);
    const day = selectDay(f, '2017-09-26');
    // the file's 09:16 row is the 09:15-09:16 bar
    expect(day[0]).toEqual({
      key: 'NSE:NIFTY 50',
      start: '2017-09-26T03:45:00.000Z',
      open: 987490,
      high: 987535,
      low: 986020,
      close: 986020,
      volume: 0,
    });
    expect(day[day.length - 1]!.start).toBe('2017-09-26T09:59:00.000Z'); // 15:29 IST
  });

  it('reads SBIN with its real volumes, on the same trading days', async () => {
    const nifty = await readBarFile(nse2017('NIFTY_1min.csv'), options());
    const sbin = await readBarFile(nse2017('SBIN_1min.csv'), options());
    expect(sbin.days).toEqual(nifty.days);
    expect(sbin.droppedOpeningPrints).toBe(3);
    for (const d of sbin.days) {
      const volume = barsOfDay(sbin.bars, d).reduce((s, b) => s + b.volume, 0);
      expect(volume).toBeGreaterThan(4_000_000);
      expect(volume).toBeLessThan(18_000_000);
    }
  });

  it('lists the days of a multi-day file and refuses a day it does not have (Gandhi Jayanti)', async () => {
    const f = await readBarFile(nse2017('SBIN_1min.csv'), options());
    expect(selectDay(f, '2017-10-03')).toHaveLength(375);
    expect(() => selectDay(f, '2017-10-02')).toThrow(/has no bars on 2017-10-02; its trading days are 2017-09-26, /);
  });

  it('refuses the whole file when the calendar says one of its days is a holiday, naming the first line of it', async () => {
    const text = readFileSync(nse2017('SBIN_1min.csv'), 'utf8').split('\n');
    // the day's first bar: its 09:15 row is the opening print, dropped before any check
    const firstLine = text.findIndex((l) => l.startsWith('SBIN,2017-10-03,') && !l.includes(',09:15:00,')) + 1;
    const err = await readBarFile(
      nse2017('SBIN_1min.csv'),
      options({ isTradingDay: (d) => d !== '2017-10-03' && calendar.isTradingDay(d) }),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(BarFileError);
    expect(err.problems).toEqual([
      { line: firstLine, reason: '2017-10-03 is not a trading day (a weekend or an exchange holiday)' },
    ]);
  });
});
