import type { Bar } from '../../domain/market/bar';
import { barsFromTicks } from '../../domain/market/bar-builder';
import { tickBatchesFromBars } from '../../domain/market/bar-replay';

const T0 = Date.parse('2025-09-04T03:45:00.000Z');
const bar = (key: string, minute: number, close: number, volume: number): Bar => ({
  key,
  start: new Date(T0 + minute * 60_000).toISOString(),
  open: close,
  high: close + 5,
  low: close - 5,
  close,
  volume,
});

describe('tickBatchesFromBars', () => {
  const bars = [bar('A', 0, 100, 10), bar('B', 0, 200, 0), bar('A', 2, 110, 7)];

  it('gives one batch per minute at its close, point by point (every open first), cumulative volume running on', () => {
    const batches = [...tickBatchesFromBars(bars)];
    expect(batches.map((b) => [(b[0]!.ts - T0) / 1000, b.map((t) => t.key).join('')])).toEqual([
      [59.999, 'ABABABAB'],
      [179.999, 'AAAA'],
    ]);
    expect(batches.every((b) => b.every((t) => t.ts === b[0]!.ts))).toBe(true);
    expect(batches[1]![3]!.cumVolume).toBe(17);
    expect(barsFromTicks(batches.flat())).toEqual(bars);
  });

  it('models a quote only for the instruments asked', () => {
    const first = [...tickBatchesFromBars(bars, (k) => (k === 'A' ? { tickSize: 5, spreadTicks: 1 } : undefined))][0]!;
    expect(first[0]).toMatchObject({ key: 'A', bid: 100, ask: 105 });
    expect(first[1]!.bid).toBeUndefined();
  });

  it('refuses bars out of order', () => {
    expect(() => [...tickBatchesFromBars([bars[2]!, bars[0]!])]).toThrow(/ordered by start/);
  });
});

describe("tickBatchesFromBars with 'live' timing (the Kite simulator)", () => {
  it('spreads the four points inside the minute, one batch per point, none after the minute', () => {
    const bars = [
      { key: 'A', start: '2025-09-04T03:45:00.000Z', open: 100, high: 110, low: 95, close: 105, volume: 8 },
      { key: 'B', start: '2025-09-04T03:45:00.000Z', open: 50, high: 55, low: 45, close: 52, volume: 4 },
    ];
    const batches = [...tickBatchesFromBars(bars, undefined, 'live')];
    const start = Date.parse('2025-09-04T03:45:00.000Z');
    expect(batches.map((b) => b.map((t) => t.ts - start))).toEqual([
      [0, 0],
      [20_000, 20_000],
      [40_000, 40_000],
      [59_000, 59_000],
    ]);
    expect(batches.map((b) => b[0]!.last)).toEqual([100, 95, 110, 105]);
    expect(batches[3]!.map((t) => t.cumVolume)).toEqual([8, 4]);
  });
});
