import { ManualClock } from '../../adapters/clock/manual-clock';
import { createShardedKiteTicker } from '../../adapters/kite/kite-ticker-factory';
import type { ShardedTickerSession } from '../../adapters/kite/sharded-ticker-session';
import { KiteSim } from '../../adapters/kite-sim/kite-sim';
import { applySubscriptionChange } from '../../app/trader/apply-subscriptions';
import { TraderUniverse } from '../../app/trader/trader-universe';
import { DEFAULT_TRADING_CONFIG } from '../../domain/config/default-trading-config';
import { builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import { createFutureContract, createOptionContract } from '../../domain/instruments/contract-factory';
import { type Instrument, instrumentKey } from '../../domain/instruments/instrument';
import { NIFTY } from '../../domain/instruments/underlyings';
import { sessionBounds } from '../../domain/market/session-times';
import { SubscriptionBook } from '../../domain/market/subscriptions/subscription-book';
import { until } from '../support/kite-sim-rig';

const DAY1 = '2026-03-02';
const DAY2 = '2026-03-04'; // after the 3 Mar weekly expiry
const config = {
  ...DEFAULT_TRADING_CONFIG,
  universe: { instruments: ['NSE:SBIN', 'NSE:NIFTY 50'], optionUnderlyings: ['NIFTY'] },
};

function weekly(expiry: string): Instrument[] {
  return [23_900, 24_000, 24_100, 24_200, 24_300, 24_400, 24_500].flatMap((rupees) =>
    (['CE', 'PE'] as const).map((right) =>
      createOptionContract(NIFTY, { expiry, expiryKind: 'WEEKLY', strike: rupees * 100, right }),
    ),
  );
}

/**
 * The trader's one ticker across two trading days, against the simulator over real sockets: the
 * next day's universe releases yesterday's strikes (expired options) and subscribes today's, on
 * the same connections, while an option an open position holds stays subscribed until released.
 */
describe("the ticker's subscriptions from one trading day to the next (Kite simulator, real sockets)", () => {
  jest.setTimeout(60_000);
  const builtin = builtinInstrumentMaster().all();
  const expiring = weekly('2026-03-03');
  const nextWeek = weekly('2026-03-10');
  const future = createFutureContract(NIFTY, '2026-03-31' as never);
  let sim: KiteSim;
  let ticker: ShardedTickerSession;
  /** Each instrument with the token the simulator's dump gives it. */
  const dumped = (list: readonly Instrument[]) =>
    list.map((i) => ({ ...i, token: sim.instruments.byKey(instrumentKey(i))!.token }));
  const atSim = () => new Set(sim.ticker.subscriptionsPerConnection().flat());
  const tokenOf = (i: Instrument) => sim.instruments.byKey(instrumentKey(i))!.token;
  const niftyAt = (rupees: number) => [{ key: 'NSE:NIFTY 50', ts: 0, last: rupees * 100, cumVolume: 0 }];

  beforeAll(async () => {
    sim = new KiteSim({
      instruments: [...builtin, future, ...expiring, ...nextWeek],
      clock: new ManualClock(Date.parse(`${DAY1}T04:00:00Z`)),
      tradingDay: DAY1,
      session: sessionBounds(DAY1),
      speed: 1,
    });
    const address = await sim.listen(0);
    ticker = createShardedKiteTicker(
      { apiKey: sim.sessions.apiKey, accessToken: sim.sessions.issue() },
      { root: address.tickerRoot, onIssue: () => undefined, initialDelayMs: 50, maxDelayMs: 200 },
    );
    ticker.start();
  });

  afterAll(async () => {
    ticker?.stop();
    await sim?.close();
  });

  it("releases yesterday's strikes, subscribes today's, and keeps a held option until its position is gone", async () => {
    const book = new SubscriptionBook(); // the process's, across days
    const day1 = new TraderUniverse(dumped([...builtin, future, ...expiring, ...nextWeek]), config, DAY1, book);
    applySubscriptionChange(ticker, day1.change());
    day1.observe(niftyAt(24_200));
    applySubscriptionChange(ticker, day1.change());
    const held = tokenOf(expiring[0] as Instrument); // a position still open in an expiring option
    day1.holdPositions([held]);
    applySubscriptionChange(ticker, day1.change());
    const base = [
      tokenOf(future),
      sim.instruments.byKey('NSE:NIFTY 50')!.token,
      sim.instruments.byKey('NSE:SBIN')!.token,
    ];
    const yesterday = new Set([...base, ...expiring.map(tokenOf)]);
    await until("day 1's subscriptions at the simulator", () => sameSet(atSim(), yesterday), 10_000);

    // The next day: the expired options are no longer in the dump.
    const day2 = new TraderUniverse(dumped([...builtin, future, ...nextWeek]), config, DAY2, book);
    applySubscriptionChange(ticker, day2.change());
    day2.observe(niftyAt(24_200));
    applySubscriptionChange(ticker, day2.change());
    const today = new Set([...base, held, ...nextWeek.map(tokenOf)]);
    await until("day 2's subscriptions at the simulator", () => sameSet(atSim(), today), 10_000);
    expect(sim.ticker.connections()).toBe(1); // the same connection carried both days

    day2.holdPositions([]); // the position closed
    applySubscriptionChange(ticker, day2.change());
    today.delete(held);
    await until('the held option released', () => sameSet(atSim(), today), 10_000);
    expect(ticker.subscriptions().size).toBe(today.size);
  });
});

function sameSet(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
