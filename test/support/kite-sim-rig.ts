import { ManualClock } from '../../adapters/clock/manual-clock';
import { KiteBroker, type KiteBrokerOptions } from '../../adapters/kite/kite-broker';
import type { KiteIssue } from '../../adapters/kite/kite-issue';
import { createKiteTickerSession } from '../../adapters/kite/kite-ticker-factory';
import { type RateWindow, SlidingWindowRateLimiter } from '../../adapters/kite/rate-limiter';
import type { KiteTickerSession } from '../../adapters/kite/ticker-session';
import { KiteSim, type SimAddress } from '../../adapters/kite-sim/kite-sim';
import { sessionBounds } from '../../domain/market/session-times';
import type { MarketQuote } from '../contract/broker.contract';
import { paperMaster, START_MS } from '../unit/paper-broker-harness';

const TEST_ORDER_WINDOWS: readonly RateWindow[] = [{ limit: 5, windowMs: 1_000 }];

/**
 * A Kite simulator in this process on a manual clock (2 Mar 2026, 09:30 IST), listening on a free
 * port, with the project's KiteTickerSession connected to it over a real WebSocket (one per test
 * file: KiteTicker's state is module-global). Quotes move the clock a second, then the market.
 */
export interface KiteSimRig {
  readonly sim: KiteSim;
  readonly clock: ManualClock;
  readonly address: SimAddress;
  readonly credentials: { readonly apiKey: string; readonly accessToken: string };
  readonly session: KiteTickerSession;
  /** Everything the adapter reported. */
  readonly issues: KiteIssue[];
  /** The account's one order-rate limiter: every broker of the rig shares it, as Kite counts per account. */
  readonly orderLimiter: SlidingWindowRateLimiter;
  /** The market moves one second later; resolves once the order updates it caused have arrived. */
  quote(q: MarketQuote): Promise<void>;
  /** Resolves when every order update the simulator pushed so far has reached the session. */
  delivered(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function until(what: string, ok: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function startKiteSimRig(
  options: { postbackUrl?: string; staleAfterMs?: number } = {},
): Promise<KiteSimRig> {
  const clock = new ManualClock(START_MS);
  const sim = new KiteSim({
    instruments: paperMaster().all(),
    clock,
    tradingDay: '2026-03-02',
    session: sessionBounds('2026-03-02'),
    speed: 1,
    ...(options.postbackUrl ? { postbackUrl: options.postbackUrl } : {}),
  });
  const address = await sim.listen(0);
  const credentials = { apiKey: sim.sessions.apiKey, accessToken: sim.sessions.issue() };
  const issues: KiteIssue[] = [];
  const session = createKiteTickerSession(credentials, {
    root: address.tickerRoot,
    onIssue: (i) => issues.push(i),
    initialDelayMs: 50,
    maxDelayMs: 200,
    ...(options.staleAfterMs ? { staleAfterMs: options.staleAfterMs } : {}),
  });
  let received = 0;
  session.onOrderUpdate(() => {
    received += 1;
  });
  session.start();
  await until('the ticker to connect', () => session.state === 'connected');
  const delivered = (timeoutMs = 5_000) =>
    until('order updates to arrive', () => received >= sim.orderUpdatesSent(), timeoutMs);
  return {
    sim,
    clock,
    address,
    credentials,
    session,
    issues,
    // Half of Kite's 10 a second: the simulator counts a call in the calendar second it arrives,
    // the limiter in the one it was let through; on a loaded test machine a request can wait on the
    // event loop long enough between the two for 11 to land in one second (a 429 where a test
    // expected the order's own answer). The trader keeps Kite's own windows; a 429 there is RETRYABLE.
    orderLimiter: new SlidingWindowRateLimiter(TEST_ORDER_WINDOWS),
    delivered,
    quote: async ({ instrument, ...prices }) => {
      await clock.advanceBy(1_000);
      sim.applyTicks([{ key: instrument, ts: clock.nowMs(), cumVolume: 0, ...prices }]);
      await delivered();
    },
    close: async () => {
      session.stop();
      await sim.close();
    },
  };
}

/** A KiteBroker on the rig's simulator: its REST root, the ticker's order updates, the shared limiter. */
export function rigBroker(rig: KiteSimRig, extra: Partial<KiteBrokerOptions> = {}): KiteBroker {
  return new KiteBroker({
    credentials: rig.credentials,
    root: rig.address.restRoot,
    orderUpdates: rig.session,
    orderLimiter: rig.orderLimiter,
    onIssue: (i) => rig.issues.push(i),
    ...extra,
  });
}

let tags = 0;
/** A fresh Kite-valid tag (20 letters and digits at most) starting with `prefix`. */
export function freshTag(prefix: string): string {
  tags += 1;
  return `${prefix}${String(tags).padStart(4, '0')}${Date.now().toString(36).toUpperCase()}`.slice(0, 20);
}
