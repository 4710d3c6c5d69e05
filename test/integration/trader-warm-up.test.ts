import { ManualClock } from '../../adapters/clock/manual-clock';
import { createKiteHistoryApi, KiteHistory } from '../../adapters/kite/kite-history';
import { KiteSim } from '../../adapters/kite-sim/kite-sim';
import { WarmUp } from '../../app/trader/warm-up';
import { warmedUniverse } from '../../app/trader/warmed-universe';
import { type Instrument, instrumentKey } from '../../domain/instruments/instrument';
import { barsFromTicks } from '../../domain/market/bar-builder';
import { MarketStateBuilder } from '../../domain/market/market-state-builder';
import { sessionBounds } from '../../domain/market/session-times';
import type { Tick } from '../../domain/market/tick';
import { paperMaster } from '../unit/paper-broker-harness';

/**
 * The trader's warm-up against the simulator's historical API (real HTTP, the official client):
 * nothing to read from the open; from mid-session, after the feed's first minute, the day's whole
 * candles into the market state (the feed's half-minute bar replaced), each instrument left out of
 * the scan until its history is in, and one that cannot be read named and kept out.
 */
const DAY = '2026-03-02';
const OPEN = sessionBounds(DAY).openMs;
const master = paperMaster();
const SBIN = master.get('NSE:SBIN');
const NIFTY = master.get('NSE:NIFTY 50');
/** An instrument the simulator does not know: its history is refused (InputException). */
const NOPE: Instrument = { ...master.get('NSE:INFY'), symbol: 'NOPE', token: 77 };

let sim: KiteSim;
let clock: ManualClock;
let history: KiteHistory;
const rootOf = (s: KiteSim) => s.where().restRoot;
const played: Tick[] = [];

async function play(untilMs: number, also?: (t: Tick) => void): Promise<void> {
  for (let ms = clock.nowMs(); ms < untilMs; ms += 5_000) {
    await clock.advanceTo(ms);
    const n = (ms - OPEN) / 5_000;
    const ticks: Tick[] = [
      { key: 'NSE:SBIN', ts: ms, last: 80_000 + ((n * 7) % 23) * 5, cumVolume: 40 * n + 10 },
      { key: 'NSE:NIFTY 50', ts: ms, last: 2_400_000 + ((n * 11) % 19) * 5, cumVolume: 0 },
    ];
    played.push(...ticks);
    sim.applyTicks(ticks);
    for (const t of ticks) also?.(t);
  }
  await clock.advanceTo(untilMs);
}

function warmUpOf(market: MarketStateBuilder, instruments: readonly Instrument[], lines: string[], asked: string[]) {
  return new WarmUp({
    history: {
      minuteBars: (i, from, to) => {
        asked.push(i.key);
        return history.minuteBars(i, from, to);
      },
    },
    instruments,
    clock,
    openMs: OPEN,
    apply: async (key, bars) => market.applyHistory(key, bars),
    write: (l) => lines.push(l),
    ticked: (key) => market.hasTicked(key),
    onError: () => undefined,
    concurrency: 1,
  });
}

beforeAll(async () => {
  clock = new ManualClock(OPEN);
  sim = new KiteSim({ instruments: master.all(), clock, tradingDay: DAY, session: sessionBounds(DAY), speed: 1 });
  const address = await sim.listen(0);
  history = new KiteHistory(
    createKiteHistoryApi({ apiKey: sim.sessions.apiKey, accessToken: sim.sessions.issue() }, address.restRoot),
  );
});

afterAll(async () => {
  await sim.close();
});

describe('the trader’s warm-up', () => {
  it('reads nothing when the feed started at the open: every bar comes live', async () => {
    const lines: string[] = [];
    const asked: string[] = [];
    const w = warmUpOf(new MarketStateBuilder(), [SBIN, NIFTY], lines, asked);
    expect(w.isWarm('NSE:SBIN')).toBe(false);
    expect(await w.run(OPEN)).toEqual({ instruments: 0, bars: 0, failed: [] });
    expect(w.isWarm('NSE:SBIN') && w.isWarm('NSE:NIFTY 50')).toBe(true);
    expect(asked).toEqual([]);
  });

  it('from mid-session: after the feed’s first minute, the day’s whole candles go before the feed’s bars', async () => {
    await play(OPEN + 6 * 60_000 + 30_000); // the market runs 09:15 .. 09:21:30; the trader starts now
    const market = new MarketStateBuilder();
    // the feed's first tick and half-minute bar of SBIN (NIFTY has not ticked yet for the trader)
    market.applyTick({ key: 'NSE:SBIN', ts: clock.nowMs(), last: 80_000, cumVolume: 0 });
    const lines: string[] = [];
    const asked: string[] = [];
    const w = warmUpOf(market, [NIFTY, NOPE, SBIN], lines, asked);
    const universe = warmedUniverse(
      {
        tradingDay: DAY,
        futures: new Map(),
        modelPriced: [],
        instruments: () => [SBIN, NIFTY],
        chains: () => [
          { underlying: 'NIFTY', underlyingKey: 'NSE:NIFTY 50', expiry: '2026-03-31', strikes: [], contracts: [] },
        ],
      },
      (k) => w.isWarm(k),
    );
    expect(universe.instruments()).toEqual([]);
    expect(universe.chains()).toEqual([]);

    let done = false;
    const running = w.run(clock.nowMs()).then((r) => {
      done = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false); // waiting for 09:22, the end of the feed's first minute
    expect(asked).toEqual([]);
    await play(OPEN + 7 * 60_000 + 10_000);
    market.applyBar({
      key: 'NSE:SBIN',
      start: new Date(OPEN + 6 * 60_000).toISOString(),
      open: 80_000,
      high: 80_000,
      low: 80_000,
      close: 80_000,
      volume: 3,
    });
    const report = await running;

    // SBIN (ticked) first, then the others in the universe's order
    expect(asked).toEqual(['NSE:SBIN', 'NSE:NIFTY 50', 'NSE:NOPE', 'NSE:NOPE']);
    expect(report).toEqual({ instruments: 2, bars: 14, failed: ['NSE:NOPE'] });
    const whole = barsFromTicks(played.filter((t) => t.key === 'NSE:SBIN')).slice(0, 7); // 09:15 .. 09:21
    expect(market.snapshot(clock.nowMs()).instruments.get('NSE:SBIN')?.bars).toEqual(whole);
    expect(w.isWarm('NSE:SBIN') && w.isWarm('NSE:NIFTY 50')).toBe(true);
    expect(w.isWarm('NSE:NOPE')).toBe(false);
    expect(universe.instruments().map(instrumentKey)).toEqual(['NSE:SBIN', 'NSE:NIFTY 50']);
    expect(universe.chains()).toHaveLength(1);
    expect(lines[0]).toMatch(/warm-up: the day's 1-minute candles of 3 instruments from the open/);
    expect(lines.at(-1)).toMatch(
      /^warm-up done: 2\/3 instruments, 14 bars in [\d.]+ s; no history, so no new signals today on: NSE:NOPE\n$/,
    );
  });

  it('stops asking at the first refusal no request can escape (a session Kite does not accept), and names every instrument', async () => {
    const refused = new KiteHistory(
      createKiteHistoryApi({ apiKey: sim.sessions.apiKey, accessToken: 'not-a-token' }, rootOf(sim)),
    );
    const asked: string[] = [];
    const lines: string[] = [];
    const w = new WarmUp({
      history: {
        minuteBars: (i, from, to) => {
          asked.push(i.key);
          return refused.minuteBars(i, from, to);
        },
      },
      instruments: [SBIN, NIFTY],
      clock,
      openMs: OPEN,
      apply: async () => undefined,
      write: (l) => lines.push(l),
      onError: () => undefined,
      concurrency: 1,
    });
    const startedAt = clock.nowMs() - 60_000; // the feed's first minute is over
    expect(await w.run(startedAt)).toEqual({ instruments: 0, bars: 0, failed: ['NSE:SBIN', 'NSE:NIFTY 50'] });
    expect(asked).toEqual(['NSE:SBIN']);
    expect(w.isWarm('NSE:SBIN') || w.isWarm('NSE:NIFTY 50')).toBe(false);
    expect(lines.at(-1)).toMatch(/no new signals today on: NSE:SBIN, NSE:NIFTY 50/);
  });
});
