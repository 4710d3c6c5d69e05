import { ManualClock } from '../../adapters/clock/manual-clock';
import type { KiteIssue } from '../../adapters/kite/kite-issue';
import type { KiteTick } from '../../adapters/kite/kite-tick';
import { createShardedKiteTicker } from '../../adapters/kite/kite-ticker-factory';
import type { ShardedTickerSession } from '../../adapters/kite/sharded-ticker-session';
import { KiteSim } from '../../adapters/kite-sim/kite-sim';
import { createOptionContract } from '../../domain/instruments/contract-factory';
import { type Instrument, instrumentKey } from '../../domain/instruments/instrument';
import { BANKNIFTY, NIFTY } from '../../domain/instruments/underlyings';
import { sessionBounds } from '../../domain/market/session-times';
import { TooManyTokensError } from '../../domain/market/subscriptions/token-shards';
import { until } from '../support/kite-sim-rig';
import { paperMaster, START_MS } from '../unit/paper-broker-harness';

/** 7,200 option contracts: NIFTY and BANKNIFTY, two monthly expiries, 900 strikes each, calls and puts. */
function manyOptions(): Instrument[] {
  const out: Instrument[] = [];
  for (const u of [NIFTY, BANKNIFTY])
    for (const expiry of ['2026-03-31', '2026-04-28'])
      for (let k = 0; k < 900; k++)
        for (const right of ['CE', 'PE'] as const)
          out.push(
            createOptionContract(u, { expiry, expiryKind: 'MONTHLY', strike: 1_000_000 + k * u.strikeStep, right }),
          );
  return out;
}

/**
 * More than 3,000 instruments on the real simulator over real WebSockets: the trader's ticker
 * splits them across connections (3,000 each, 3 at most per API key: the simulator refuses more
 * of either), each connection a KiteTicker of its own, each resubscribing its own instruments
 * after the simulator cuts every socket.
 */
describe('the ticker sharded across connections (Kite simulator, real sockets)', () => {
  jest.setTimeout(60_000);
  const clock = new ManualClock(START_MS);
  const options = manyOptions();
  let sim: KiteSim;
  let ticker: ShardedTickerSession;
  const issues: KiteIssue[] = [];
  const ticks: KiteTick[] = [];
  const orderUpdates: unknown[] = [];
  let tokens: number[];

  const simShards = () => sim.ticker.subscriptionsPerConnection().map((s) => [...s].sort((a, b) => a - b));
  const ourShards = () => ticker.connections().map((s) => [...s].sort((a, b) => a - b));
  const sizes = (shards: readonly (readonly number[])[]) => shards.map((s) => s.length).sort((a, b) => b - a);
  /** A tick on these tokens; resolves once each has arrived (and returns how often each did). */
  const tickOn = async (some: readonly number[]): Promise<Map<number, number>> => {
    ticks.length = 0;
    await clock.advanceBy(1_000);
    sim.applyTicks(
      some.map((t) => ({
        key: sim.instruments.byToken(t)!.key,
        ts: clock.nowMs(),
        last: 10_000 + (clock.nowMs() % 1_000),
        cumVolume: 0,
      })),
    );
    await until('the ticks', () => some.every((t) => ticks.some((k) => k.token === t)));
    await new Promise((r) => setTimeout(r, 100)); // a duplicate would arrive meanwhile
    const seen = new Map<number, number>();
    for (const k of ticks) seen.set(k.token, (seen.get(k.token) ?? 0) + 1);
    return seen;
  };

  beforeAll(async () => {
    sim = new KiteSim({
      instruments: [...paperMaster().all(), ...options],
      clock,
      tradingDay: '2026-03-02',
      session: sessionBounds('2026-03-02'),
      speed: 1,
    });
    const address = await sim.listen(0);
    tokens = options.map((o) => sim.instruments.byKey(instrumentKey(o))!.token);
    ticker = createShardedKiteTicker(
      { apiKey: sim.sessions.apiKey, accessToken: sim.sessions.issue() },
      { root: address.tickerRoot, onIssue: (i) => issues.push(i), initialDelayMs: 50, maxDelayMs: 200 },
    );
    ticker.onTicks((batch) => ticks.push(...batch));
    ticker.onOrderUpdate((raw) => orderUpdates.push(raw));
    ticker.start();
  });

  afterAll(async () => {
    ticker?.stop();
    await sim?.close();
  });

  it('spreads 7,200 instruments over 3 connections of at most 3,000, as the simulator sees them', async () => {
    expect(new Set(tokens).size).toBe(7_200);
    ticker.subscribe(tokens, 'ltp');
    await until('3 connections subscribed', () => sizes(simShards()).join() === '3000,3000,1200', 20_000);
    await until('every connection up', () => ticker.state === 'connected');
    expect(sizes(ourShards())).toEqual([3000, 3000, 1200]);
    // The simulator's connections hold exactly our shards: disjoint, together every token.
    expect([...simShards()].sort((a, b) => a[0]! - b[0]!)).toEqual([...ourShards()].sort((a, b) => a[0]! - b[0]!));
    expect(new Set(simShards().flat()).size).toBe(7_200);
    // A tick of an instrument on each connection arrives once.
    const one = ourShards().map((s) => s[0]!);
    const seen = await tickOn(one);
    expect(one.map((t) => seen.get(t))).toEqual([1, 1, 1]);
    // Order updates come once, not once per connection.
    sim.ticker.pushOrder({ order_id: 'X1', status: 'OPEN' });
    await until('the order update', () => orderUpdates.length > 0);
    await new Promise((r) => setTimeout(r, 200));
    expect(orderUpdates).toHaveLength(1);
  });

  it('more than 3 connections can carry is a clear error that changes nothing', async () => {
    const before = ourShards();
    const extra = paperMaster()
      .all()
      .map((i) => sim.instruments.byKey(instrumentKey(i))!.token)
      .slice(0, 2);
    const tooMany = [...extra, ...Array.from({ length: 1_800 }, (_, k) => 50_000_000 + k * 256 + 2)];
    expect(() => ticker.subscribe(tooMany, 'ltp')).toThrow(TooManyTokensError);
    expect(() => ticker.subscribe(tooMany, 'ltp')).toThrow(/9000/);
    expect(ourShards()).toEqual(before);
    expect(ticker.subscriptions().size).toBe(7_200);
    expect(() => ticker.subscribe([0], 'ltp')).toThrow(/positive integer/);
  });

  it('a released instrument leaves its connection; new ones fill the emptiest', async () => {
    const [big] = ourShards()
      .map((s, i) => ({ s, i }))
      .filter((x) => x.s.length === 3000);
    const released = big!.s.slice(0, 2_000);
    ticker.unsubscribe(released);
    await until('the release', () => sizes(simShards()).join() === '3000,1200,1000', 10_000);
    ticker.subscribe(released.slice(0, 500), 'quote');
    // Each new one goes to the emptiest connection: 1,000 -> 1,200, then both in turn.
    await until('the new ones', () => sizes(simShards()).join() === '3000,1350,1350', 10_000);
    expect(ticker.connections()[big!.i]).toHaveLength(1_350);
    expect(ticker.subscriptions().size).toBe(5_700);
  });

  it('after the simulator cuts every socket, each connection resubscribes its own instruments', async () => {
    const before = ourShards();
    const states: string[] = [];
    const off = ticker.onState((st) => states.push(st));
    expect(sim.ticker.drop()).toBe(3);
    await until('3 connections again', () => sim.ticker.connections() === 3, 20_000);
    await until('resubscribed', () => sizes(simShards()).join() === sizes(before).join(), 20_000);
    await until('every connection up', () => ticker.state === 'connected');
    expect([...simShards()].sort((a, b) => a[0]! - b[0]!)).toEqual([...before].sort((a, b) => a[0]! - b[0]!));
    const one = before.map((s) => s[s.length - 1]!);
    const seen = await tickOn(one);
    expect(one.map((t) => seen.get(t))).toEqual([1, 1, 1]);
    off();
    expect(states).toContain('waiting'); // the drop was seen, and reconnected from
    expect(states[states.length - 1]).toBe('connected');
  });
});
