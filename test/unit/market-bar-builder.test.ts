import fc from 'fast-check';
import type { Bar } from '../../domain/market/bar';
import { BarBuilder, barsFromTicks } from '../../domain/market/bar-builder';
import { barToTicks, modelledQuoteAround, modelledSpreadTicks } from '../../domain/market/bar-to-ticks';
import type { Tick } from '../../domain/market/tick';

const T0 = Date.parse('2025-09-04T03:45:00.000Z'); // 09:15 IST
const at = (s: number) => T0 + s * 1000;
const tick = (key: string, s: number, last: number, cumVolume = 0): Tick => ({ key, ts: at(s), last, cumVolume });

describe('BarBuilder', () => {
  it('builds 1-minute bars labelled by the start of the minute, volume from cumulative volume', () => {
    const bars = barsFromTicks([
      tick('NSE:SBIN', 0, 90000, 100),
      tick('NSE:SBIN', 10, 90500, 150),
      tick('NSE:SBIN', 30, 89500, 170),
      tick('NSE:SBIN', 59, 90100, 200),
      tick('NSE:SBIN', 60, 90200, 260),
    ]);
    expect(bars).toEqual<Bar[]>([
      {
        key: 'NSE:SBIN',
        start: '2025-09-04T03:45:00.000Z',
        open: 90000,
        high: 90500,
        low: 89500,
        close: 90100,
        volume: 200,
      },
      {
        key: 'NSE:SBIN',
        start: '2025-09-04T03:46:00.000Z',
        open: 90200,
        high: 90200,
        low: 90200,
        close: 90200,
        volume: 60,
      },
    ]);
  });

  it('leaves a gap as a gap: no bar for a minute without ticks', () => {
    const bars = barsFromTicks([tick('A', 0, 100), tick('A', 185, 110)]);
    expect(bars.map((b) => b.start)).toEqual(['2025-09-04T03:45:00.000Z', '2025-09-04T03:48:00.000Z']);
  });

  it('completes a quiet instrument’s bar when the clock passes its minute, not only on its next tick', () => {
    const b = new BarBuilder();
    expect(b.add(tick('A', 5, 100))).toBeUndefined();
    expect(b.add(tick('B', 10, 200))).toBeUndefined();
    expect(b.closeUpTo(at(59))).toEqual([]);
    const closed = b.closeUpTo(at(60));
    expect(closed.map((x) => x.key)).toEqual(['A', 'B']);
    expect(b.forming('A')).toBeUndefined();
  });

  it('returns the previous bar when a tick of a later minute arrives', () => {
    const b = new BarBuilder();
    b.add(tick('A', 1, 100));
    b.add(tick('A', 2, 105));
    const done = b.add(tick('A', 61, 101));
    expect(done).toMatchObject({ open: 100, high: 105, low: 100, close: 105 });
    expect(b.forming('A')).toMatchObject({ start: '2025-09-04T03:46:00.000Z', open: 101 });
  });

  it('ignores and counts late ticks of a closed minute', () => {
    const b = new BarBuilder();
    b.add(tick('A', 1, 100));
    b.closeUpTo(at(60));
    expect(b.add(tick('A', 50, 999))).toBeUndefined();
    b.add(tick('A', 70, 101));
    expect(b.add(tick('A', 30, 1))).toBeUndefined();
    expect(b.lateTicks).toBe(2);
    expect(b.forming('A')).toMatchObject({ low: 101, high: 101 });
  });

  it('counts a mid-session feed’s first cumulative volume as the baseline when asked', () => {
    const ticks = [tick('A', 0, 100, 5000), tick('A', 30, 100, 5040)];
    expect(barsFromTicks(ticks)[0]!.volume).toBe(5040);
    expect(barsFromTicks(ticks, { volumeBaseline: 'first-tick' })[0]!.volume).toBe(40);
  });

  it('never lets a falling cumulative volume make a negative bar volume', () => {
    const bars = barsFromTicks([tick('A', 0, 100, 50), tick('A', 10, 100, 40), tick('A', 20, 100, 60)]);
    expect(bars[0]!.volume).toBe(60);
  });
});

describe('barToTicks', () => {
  const bar: Bar = {
    key: 'NSE:SBIN',
    start: '2025-09-04T03:45:00.000Z',
    open: 100,
    high: 120,
    low: 90,
    close: 95,
    volume: 10,
  };

  it('goes open -> the extreme nearer the open -> the other -> close, all at the bar close (no look-ahead)', () => {
    const ticks = barToTicks(bar, 1000);
    expect(ticks.map((t) => t.last)).toEqual([100, 90, 120, 95]);
    expect(ticks.map((t) => t.cumVolume)).toEqual([1002, 1004, 1006, 1010]);
    expect(ticks.map((t) => t.ts - T0)).toEqual([59_999, 59_999, 59_999, 59_999]);
    expect(barToTicks({ ...bar, high: 105 }, 0).map((t) => t.last)).toEqual([100, 105, 90, 95]);
  });

  it('models a quote when asked, labelled modelled: the wider of its ticks and its basis points', () => {
    const ticks = barToTicks({ ...bar, close: 110 }, 0, { tickSize: 5, spreadTicks: 2 });
    expect(ticks[0]).toMatchObject({ last: 100, bid: 95, ask: 105, quoteModelled: true });
    expect(barToTicks(bar, 0)[0]!.quoteModelled).toBeUndefined();
    // 20 bp of Rs 25.00 is 5 paise = 1 tick of 0.05, under 2 ticks; of Rs 250.00 it is 10 ticks
    expect(modelledSpreadTicks(2_500, { tickSize: 5, spreadTicks: 2, spreadBps: 20 })).toBe(2);
    expect(modelledSpreadTicks(25_000, { tickSize: 5, spreadTicks: 2, spreadBps: 20 })).toBe(10);
    expect(modelledSpreadTicks(25_001, { tickSize: 5, spreadTicks: 2, spreadBps: 20 })).toBe(11);
    // a bid never goes below one tick
    expect(modelledQuoteAround(5, { tickSize: 5, spreadTicks: 4 })).toEqual({ bid: 5, ask: 25, quoteModelled: true });
  });

  it('round-trips: the bars built from expanded bars are the bars', () => {
    const arbBar = fc
      .record({
        low: fc.integer({ min: 1, max: 1_000_000 }),
        span: fc.integer({ min: 0, max: 10_000 }),
        o: fc.double({ min: 0, max: 1, noNaN: true }),
        c: fc.double({ min: 0, max: 1, noNaN: true }),
        volume: fc.integer({ min: 0, max: 1_000_000 }),
      })
      .map(({ low, span, o, c, volume }) => ({
        low,
        high: low + span,
        open: low + Math.round(o * span),
        close: low + Math.round(c * span),
        volume,
      }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(arbBar, fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 30 }),
        (spec) => {
          let minute = 0;
          const bars: Bar[] = spec.map(([p, step]) => {
            minute += step;
            return { key: 'X', start: new Date(T0 + minute * 60_000).toISOString(), ...p };
          });
          let cum = 0;
          const ticks = bars.flatMap((b) => {
            const t = barToTicks(b, cum);
            cum += b.volume;
            return t;
          });
          expect(barsFromTicks(ticks)).toEqual(bars);
        },
      ),
    );
  });
});
