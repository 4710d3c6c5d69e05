import { createHash } from 'node:crypto';
import { TradingCalendar } from '../../domain/calendar/trading-calendar';
import { instrumentKey } from '../../domain/instruments/instrument';
import type { Bar } from '../../domain/market/bar';
import { barsFromTicks } from '../../domain/market/bar-builder';
import { optionAnalytics } from '../../domain/market/options/option-analytics';
import { atmStrike } from '../../domain/market/options/option-chain';
import { istWallClockMs } from '../../domain/market/session-times';
import { defaultUniverse } from '../../domain/market/synthetic/default-universe';
import { type SyntheticDay, syntheticDay } from '../../domain/market/synthetic/synthetic-day';
import type { SyntheticDayConfig } from '../../domain/market/synthetic/synthetic-day-config';
import type { Tick } from '../../domain/market/tick';

const DAY = '2025-09-04'; // a Thursday: NIFTY's weekly expiry is the next Tuesday
const config = (over: Partial<SyntheticDayConfig> = {}): SyntheticDayConfig => ({
  seed: 'test-seed',
  tradingDay: DAY,
  equities: defaultUniverse(5),
  tickDensity: 0.3,
  ...over,
});

function hashTicks(ticks: Iterable<Tick>): string {
  const h = createHash('sha256');
  for (const t of ticks) h.update(JSON.stringify(t));
  return h.digest('hex');
}

describe('synthetic market day', () => {
  let day: SyntheticDay;
  let ticks: Tick[];
  let bars: Bar[];
  beforeAll(() => {
    day = syntheticDay(config());
    ticks = [...day.ticks()];
    bars = day.bars();
  });

  it('is deterministic: the same seed and inputs give identical ticks and bars; another seed does not', () => {
    const again = syntheticDay(config());
    expect(hashTicks(again.ticks())).toBe(hashTicks(ticks));
    expect(JSON.stringify(again.bars())).toBe(JSON.stringify(bars));
    expect(hashTicks(syntheticDay(config({ seed: 'other' })).ticks())).not.toBe(hashTicks(ticks));
  });

  it('keeps each instrument’s path when other instruments are added', () => {
    const bigger = syntheticDay(config({ equities: defaultUniverse(7) }));
    const sbin = (ts: Iterable<Tick>) => [...ts].filter((t) => t.key === 'NSE:SBIN');
    expect(sbin(bigger.ticks())).toEqual(sbin(ticks));
  });

  it('covers 09:15-15:30 IST in time order, every instrument ticking at the open', () => {
    const open = istWallClockMs(DAY, '09:15');
    const close = istWallClockMs(DAY, '15:30');
    expect(day.session).toEqual({ openMs: open, closeMs: close });
    expect(ticks.findIndex((t, i) => i > 0 && t.ts < ticks[i - 1]!.ts)).toBe(-1);
    expect(ticks[0]!.ts).toBe(open);
    expect(ticks[ticks.length - 1]!.ts).toBeLessThan(close);
    const atOpen = new Set(ticks.filter((t) => t.ts === open).map((t) => t.key));
    expect(atOpen).toEqual(new Set(day.instruments.map(instrumentKey)));
    expect(hashTicks([...day.tickBatches()].flat())).toBe(hashTicks(ticks));
  });

  it('quotes on the tick: bid < ask, last at the bid or the ask, volumes cumulative, option sizes in lots', () => {
    const byKey = new Map(day.instruments.map((i) => [instrumentKey(i), i]));
    const cum = new Map<string, number>();
    const bad = ticks.filter((t) => {
      const inst = byKey.get(t.key)!;
      const onTick = (p: number | undefined) => p !== undefined && p > 0 && p % inst.tickSize === 0;
      if (!onTick(t.last)) return true;
      if (inst.kind === 'INDEX') return t.bid !== undefined || t.ask !== undefined || t.cumVolume !== 0;
      const ok =
        onTick(t.bid) &&
        onTick(t.ask) &&
        t.bid! < t.ask! &&
        (t.last === t.bid || t.last === t.ask) &&
        t.bidQty! % inst.lotSize === 0 &&
        t.askQty! % inst.lotSize === 0 &&
        t.cumVolume % inst.lotSize === 0 &&
        t.cumVolume > (cum.get(t.key) ?? 0);
      cum.set(t.key, t.cumVolume);
      return !ok;
    });
    expect(bad.slice(0, 3)).toEqual([]);
    expect(cum.size).toBe(day.instruments.length - 2);
  });

  it('gives bars equal to the bars built from its ticks: a full session for liquid instruments', () => {
    expect(JSON.stringify(barsFromTicks(ticks))).toBe(JSON.stringify(bars));
    for (const key of ['NSE:NIFTY 50', 'NSE:NIFTY BANK', 'NSE:RELIANCE']) {
      expect(bars.filter((b) => b.key === key)).toHaveLength(375);
    }
  });

  it('has the intraday shape: an opening burst, a lunchtime lull, a U-shaped volume profile', () => {
    const open = day.session.openMs;
    const minuteOf = (b: Bar) => (Date.parse(b.start) - open) / 60_000;
    const equityKeys = new Set(day.instruments.filter((i) => i.kind === 'EQ').map(instrumentKey));
    const range = new Float64Array(375);
    const volume = new Float64Array(375);
    for (const b of bars) {
      if (!equityKeys.has(b.key)) continue;
      range[minuteOf(b)]! += (b.high - b.low) / b.close;
      volume[minuteOf(b)]! += b.volume;
    }
    const mean = (a: Float64Array, from: number, to: number) =>
      a.slice(from, to).reduce((x, y) => x + y, 0) / (to - from);
    const openRange = mean(range, 0, 15);
    const lunchRange = mean(range, 165, 255); // 12:00-13:30 IST
    expect(openRange).toBeGreaterThan(2 * lunchRange);
    const firstHalfHour = mean(volume, 0, 30);
    const lastHalfHour = mean(volume, 345, 375);
    const lunch = mean(volume, 165, 255);
    expect(firstHalfHour).toBeGreaterThan(1.8 * lunch);
    expect(lastHalfHour).toBeGreaterThan(1.5 * lunch);
    expect(mean(range, 345, 375)).toBeGreaterThan(lunchRange);
  });

  it('carries NIFTY (weekly) and BANKNIFTY (monthly) chains of 21 strikes around the money at the open', () => {
    expect(day.chains.map((c) => [c.underlying, c.expiry, c.strikes.length, c.contracts.length])).toEqual([
      ['NIFTY', '2025-09-09', 21, 42],
      ['BANKNIFTY', '2025-09-30', 21, 42],
    ]);
    const [nifty, bank] = day.chains;
    expect(nifty!.strikes[1]! - nifty!.strikes[0]!).toBe(5000);
    expect(bank!.strikes[1]! - bank!.strikes[0]!).toBe(10000);
    const niftyOpen = ticks.find((t) => t.key === 'NSE:NIFTY 50')!.last;
    expect(Math.abs(nifty!.strikes[10]! - niftyOpen)).toBeLessThanOrEqual(2500);
    expect(nifty!.contracts[0]!.instrument).toMatchObject({
      lotSize: 65,
      freezeQty: 1800,
      underlying: 'NIFTY',
      exchange: 'NFO',
    });
    expect(bank!.contracts[0]!.instrument).toMatchObject({
      lotSize: 30,
      freezeQty: 600,
      symbol: `BANKNIFTY25SEP${bank!.strikes[0]! / 100}CE`,
    });
  });

  it('prices options so that their implied volatility smiles and their deltas order by strike', () => {
    // each option's latest quote before 11:00 IST, paired with the index price of that same second
    const at = istWallClockMs(DAY, '11:00');
    const underlyingOf = new Map(day.chains.flatMap((c) => c.contracts.map((k) => [k.key, c.underlyingKey] as const)));
    const spotNow = new Map<string, Tick>();
    const paired = new Map<string, { quote: Tick; spot: number }>();
    for (const t of ticks) {
      if (t.ts > at) break;
      const u = underlyingOf.get(t.key);
      if (u === undefined) spotNow.set(t.key, t);
      else if (spotNow.get(u)?.ts === t.ts) paired.set(t.key, { quote: t, spot: spotNow.get(u)!.last });
    }
    for (const chain of day.chains) {
      const analytics = (strike: number, right: 'CE' | 'PE') => {
        const c = chain.contracts.find((x) => x.strike === strike && x.right === right)!;
        const { quote, spot } = paired.get(c.key)!;
        return optionAnalytics(c.instrument, spot, (quote.bid! + quote.ask!) / 2, quote.ts)!;
      };
      const atm = atmStrike(chain, spotNow.get(chain.underlyingKey)!.last)!;
      const lowest = chain.strikes[0]!;
      const highest = chain.strikes[chain.strikes.length - 1]!;
      expect(atm).toBeGreaterThan(lowest);
      expect(atm).toBeLessThan(highest);
      // IV rises away from the money: always on the put side; on the call side visibly for the weekly
      expect(analytics(lowest, 'PE').iv).toBeGreaterThan(analytics(atm, 'PE').iv);
      if (chain.underlying === 'NIFTY') expect(analytics(highest, 'CE').iv).toBeGreaterThan(analytics(atm, 'CE').iv);
      expect(analytics(atm, 'CE').iv).toBeGreaterThan(0.08);
      expect(analytics(atm, 'CE').iv).toBeLessThan(0.25);
      const callDeltas = chain.strikes.filter((k) => k >= atm).map((k) => analytics(k, 'CE').delta);
      for (let i = 1; i < callDeltas.length; i++) expect(callDeltas[i]!).toBeLessThan(callDeltas[i - 1]!);
      expect(callDeltas[0]!).toBeGreaterThan(0.3);
      expect(callDeltas[0]!).toBeLessThan(0.7);
      expect(analytics(atm, 'PE').delta).toBeCloseTo(analytics(atm, 'CE').delta - 1, 1);
    }
  });

  it('generates only trading days, and moves an expiry off a holiday with the calendar given', () => {
    expect(() => syntheticDay(config({ tradingDay: '2025-09-06' }))).toThrow(/not a trading day/);
    const sep9Closed = new TradingCalendar({
      years: [2025],
      holidays: [{ date: '2025-09-09', name: 'made-up holiday' }],
      specialSessions: [],
    });
    const day = syntheticDay(config({ calendar: sep9Closed }));
    expect(day.chains[0]!.expiry).toBe('2025-09-08');
    expect(() => syntheticDay(config({ calendar: sep9Closed, tradingDay: '2025-09-09' }))).toThrow(/not a trading day/);
  });

  it('can leave a chain out and thin the ticks, and refuses a bad tick density', () => {
    const lean = syntheticDay(config({ indices: { BANKNIFTY: { chain: false } }, tickDensity: 0.25 }));
    expect(lean.chains.map((c) => c.underlying)).toEqual(['NIFTY']);
    let n = 0;
    for (const _ of lean.ticks()) n++;
    expect(n).toBeLessThan(ticks.length / 2);
    expect(() => [...syntheticDay(config({ tickDensity: 2 })).ticks()]).toThrow(RangeError);
  });
});

describe('default universe', () => {
  it('starts with NIFTY 50 stocks on the right tick and continues with made-up ones', () => {
    const u = defaultUniverse(52);
    expect(u[0]!.instrument.symbol).toBe('RELIANCE');
    expect(u[51]!.instrument.symbol).toBe('SYNTH052');
    expect(new Set(u.map((e) => e.instrument.token)).size).toBe(52);
    const tata = u.find((e) => e.instrument.symbol === 'TATASTEEL')!;
    expect(tata.instrument.tickSize).toBe(1);
    expect(u.find((e) => e.instrument.symbol === 'SBIN')!.instrument.tickSize).toBe(5);
    for (const e of u) expect(e.basePrice % e.instrument.tickSize).toBe(0);
  });
});
