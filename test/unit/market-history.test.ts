import type { Bar } from '../../domain/market/bar';
import { MarketStateBuilder } from '../../domain/market/market-state-builder';

/** A trader started mid-session warms the market state up with the exchange's candles of the day. */
const OPEN = Date.parse('2026-03-02T03:45:00.000Z'); // 09:15 IST
const bar = (key: string, minute: number, close: number, volume = 100): Bar => ({
  key,
  start: new Date(OPEN + minute * 60_000).toISOString(),
  open: close,
  high: close + 10,
  low: close - 10,
  close,
  volume,
});
const tick = (key: string, atMinute: number, last: number) => ({
  key,
  ts: OPEN + atMinute * 60_000,
  last,
  cumVolume: 0,
});
const closes = (m: MarketStateBuilder, key: string, at = OPEN + 400 * 60_000) =>
  m
    .snapshot(at)
    .instruments.get(key)
    ?.bars.map((b) => `${b.start.slice(11, 16)} ${b.close}`);

describe('history in the market state', () => {
  it('goes before the bars the feed built and replaces those of its minutes; the feed’s later bars stay', () => {
    const m = new MarketStateBuilder();
    m.applyTick(tick('NSE:SBIN', 300.5, 80_000)); // the trader starts at 14:15:30
    m.applyBar({ ...bar('NSE:SBIN', 300, 80_000, 7), open: 79_990 }); // its first bar: half a minute
    m.applyBar(bar('NSE:SBIN', 301, 80_010));
    m.applyBar(bar('NSE:SBIN', 302, 80_020));
    const history = [0, 1, 2, 300, 301].map((k) => bar('NSE:SBIN', k, 79_000 + k));
    m.applyHistory('NSE:SBIN', history);
    expect(closes(m, 'NSE:SBIN')).toEqual([
      '03:45 79000',
      '03:46 79001',
      '03:47 79002',
      '08:45 79300',
      '08:46 79301',
      '08:47 80020',
    ]);
    // the exchange's whole minute, not the feed's half one
    expect(m.snapshot(OPEN).instruments.get('NSE:SBIN')?.bars[3]?.volume).toBe(100);
    // a later feed bar goes on the end; one of a minute the state holds is ignored
    m.applyBar(bar('NSE:SBIN', 303, 80_030));
    m.applyBar(bar('NSE:SBIN', 2, 1));
    expect(closes(m, 'NSE:SBIN')?.slice(-2)).toEqual(['08:47 80020', '08:48 80030']);
    // prices come from ticks only
    expect(m.snapshot(OPEN).instruments.get('NSE:SBIN')?.last).toBe(80_000);
  });

  it('waits for the instrument’s first tick, then is its bars; no tick, no instrument', () => {
    const m = new MarketStateBuilder();
    m.applyHistory('NSE:INFY', [bar('NSE:INFY', 0, 150_000), bar('NSE:INFY', 1, 150_100)]);
    expect(m.snapshot(OPEN).instruments.has('NSE:INFY')).toBe(false);
    m.applyHistory('NSE:INFY', [bar('NSE:INFY', 0, 150_000), bar('NSE:INFY', 1, 150_200), bar('NSE:INFY', 2, 150_300)]);
    m.applyTick(tick('NSE:INFY', 3.2, 150_400));
    expect(closes(m, 'NSE:INFY')).toEqual(['03:45 150000', '03:46 150200', '03:47 150300']);
    expect(m.snapshot(OPEN).instruments.get('NSE:INFY')?.last).toBe(150_400);
  });

  it('keeps the snapshots already handed out as they were, and at most maxBars bars', () => {
    const m = new MarketStateBuilder({ maxBars: 4 });
    m.applyTick(tick('NSE:SBIN', 10.5, 80_000));
    m.applyBar(bar('NSE:SBIN', 10, 80_000));
    const before = m.snapshot(OPEN).instruments.get('NSE:SBIN')?.bars;
    m.applyHistory(
      'NSE:SBIN',
      [0, 1, 2, 3, 4, 5].map((k) => bar('NSE:SBIN', k, 79_000 + k)),
    );
    expect(before?.map((b) => b.close)).toEqual([80_000]);
    expect(closes(m, 'NSE:SBIN')).toEqual(['03:48 79003', '03:49 79004', '03:50 79005', '03:55 80000']);
  });

  it('refuses a history out of time order or of another instrument, and changes nothing', () => {
    const m = new MarketStateBuilder();
    m.applyTick(tick('NSE:SBIN', 5.5, 80_000));
    m.applyBar(bar('NSE:SBIN', 5, 80_000));
    expect(() => m.applyHistory('NSE:SBIN', [bar('NSE:SBIN', 1, 1), bar('NSE:SBIN', 0, 2)])).toThrow(/time order/);
    expect(() => m.applyHistory('NSE:SBIN', [bar('NSE:SBIN', 0, 1), bar('NSE:SBIN', 0, 2)])).toThrow(/time order/);
    expect(() => m.applyHistory('NSE:SBIN', [bar('NSE:INFY', 0, 1)])).toThrow(/NSE:INFY in the history of NSE:SBIN/);
    expect(closes(m, 'NSE:SBIN')).toEqual(['03:50 80000']);
  });
});
