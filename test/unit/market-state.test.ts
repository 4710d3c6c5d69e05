import type { Bar } from '../../domain/market/bar';
import { MissingMarketDataError, requireMarket, spreadOf } from '../../domain/market/market-state';
import { MarketStateBuilder } from '../../domain/market/market-state-builder';

const T0 = Date.parse('2025-09-04T03:45:00.000Z');
const bar = (minute: number, close: number): Bar => ({
  key: 'NSE:SBIN',
  start: new Date(T0 + minute * 60_000).toISOString(),
  open: close,
  high: close,
  low: close,
  close,
  volume: 1,
});

describe('MarketState', () => {
  it('holds the latest tick and quote of each instrument, ignoring an older tick', () => {
    const b = new MarketStateBuilder();
    b.applyTick({
      key: 'NSE:SBIN',
      ts: T0 + 2000,
      last: 90010,
      cumVolume: 10,
      bid: 90005,
      ask: 90015,
      bidQty: 5,
      askQty: 7,
    });
    b.applyTick({ key: 'NSE:SBIN', ts: T0 + 1000, last: 1, cumVolume: 1 });
    const m = requireMarket(b.snapshot(T0 + 3000), 'NSE:SBIN');
    expect(m).toMatchObject({ last: 90010, bid: 90005, ask: 90015, lastTickMs: T0 + 2000, cumVolume: 10 });
    expect(spreadOf(m)).toBe(10);
  });

  it('drops a quote the newest tick no longer carries (no stale bid/ask kept)', () => {
    const b = new MarketStateBuilder();
    b.applyTick({ key: 'A', ts: T0, last: 100, cumVolume: 0, bid: 95, ask: 105 });
    b.applyTick({ key: 'A', ts: T0 + 1, last: 101, cumVolume: 0 });
    const m = requireMarket(b.snapshot(T0 + 1), 'A');
    expect(m.bid).toBeUndefined();
    expect(spreadOf(m)).toBeUndefined();
  });

  it('keeps the most recent bars up to maxBars, oldest first, and ignores a repeated bar', () => {
    const b = new MarketStateBuilder({ maxBars: 3 });
    b.applyTick({ key: 'NSE:SBIN', ts: T0, last: 100, cumVolume: 0 });
    for (let i = 0; i < 5; i++) b.applyBar(bar(i, 100 + i));
    b.applyBar(bar(2, 999));
    expect(requireMarket(b.snapshot(T0), 'NSE:SBIN').bars.map((x) => x.close)).toEqual([102, 103, 104]);
  });

  it('gives snapshots that later updates do not change', () => {
    const b = new MarketStateBuilder();
    b.applyTick({ key: 'NSE:SBIN', ts: T0, last: 100, cumVolume: 0 });
    b.applyBar(bar(0, 100));
    const before = b.snapshot(T0);
    b.applyTick({ key: 'NSE:SBIN', ts: T0 + 61_000, last: 200, cumVolume: 0 });
    b.applyBar(bar(1, 200));
    const m = requireMarket(before, 'NSE:SBIN');
    expect(m.last).toBe(100);
    expect(m.bars).toHaveLength(1);
    expect(before.asOfMs).toBe(T0);
  });

  it('refuses to make up a price for an instrument it has no data for', () => {
    const b = new MarketStateBuilder();
    b.applyBar(bar(0, 100)); // a bar without any tick sets no price
    expect(() => requireMarket(b.snapshot(T0), 'NSE:SBIN')).toThrow(MissingMarketDataError);
  });
});
