import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ManualClock } from '../../adapters/clock/manual-clock';
import { KiteLiveFeed, type TickSource } from '../../adapters/kite/kite-live-feed';
import type { KiteTick } from '../../adapters/kite/kite-tick';
import { KiteTickerSession } from '../../adapters/kite/ticker-session';
import type { TickMode } from '../../commands/ports/market-data';
import type { Instrument } from '../../domain/instruments/instrument';
import { InstrumentMaster } from '../../domain/instruments/instrument-master';
import type { Bar } from '../../domain/market/bar';
import type { Tick } from '../../domain/market/tick';
import { FakeTicker } from '../support/fake-ticker';

/** The live Kite feed: Kite's packets as the pipeline's ticks and bars, none dropped, none reordered. */
const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures/kite');
const frame = (name: string): ArrayBuffer => {
  const b = readFileSync(path.join(FIXTURES, name));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
};

const stock = (token: number, symbol: string): Instrument => ({
  token,
  exchange: 'NSE',
  segment: 'NSE',
  symbol,
  kind: 'EQ',
  lotSize: 1,
  tickSize: 5,
  freezeQty: 100_000,
});
const MASTER = InstrumentMaster.of([stock(884737, 'TATAMOTORS'), stock(779521, 'SBIN')]);
const T0 = Date.parse('2025-09-04T04:00:00.000Z'); // 09:30 IST

/** A source the test feeds KiteTick packets by hand. */
class HandSource implements TickSource {
  readonly subscribed: string[] = [];
  private listener: ((t: KiteTick[]) => void) | null = null;
  subscribe(tokens: readonly number[], mode: TickMode): void {
    this.subscribed.push(`${mode} ${tokens.join(',')}`);
  }
  unsubscribe(tokens: readonly number[]): void {
    this.subscribed.push(`off ${tokens.join(',')}`);
  }
  onTicks(listener: (t: KiteTick[]) => void): () => void {
    this.listener = listener;
    return () => {
      this.listener = null;
    };
  }
  send(...ticks: KiteTick[]): void {
    this.listener?.(ticks);
  }
}

const packet = (token: number, lastPrice: number, atMs: number, volume = 0): KiteTick => ({
  token,
  mode: 'full',
  tradable: true,
  lastPrice,
  exchangeAt: new Date(atMs).toISOString(),
  trading: { lastQuantity: 1, averagePrice: lastPrice, volume, buyQuantity: 0, sellQuantity: 0 },
});

const settle = () => new Promise((r) => setTimeout(r, 5));

test("Kite's own binary frames, through the ticker session, arrive as paise ticks with the best bid and ask there is", async () => {
  const ticker = new FakeTicker();
  const session = new KiteTickerSession(ticker, { onIssue: () => undefined });
  const feed = new KiteLiveFeed(session, MASTER, new ManualClock(T0));
  const got: Tick[] = [];
  feed.onTick((b) => {
    got.push(...b);
  });
  feed.subscribe(['NSE:TATAMOTORS']);
  const ended = feed.start();
  session.start();
  ticker.emit('connect');
  expect(ticker.calls).toContain('subscribe 884737');
  ticker.emit('message', frame('fullMode_binary.packet'));
  await settle();
  expect(got).toHaveLength(1);
  expect(got[0]).toMatchObject({ key: 'NSE:TATAMOTORS', last: 39295, cumVolume: 22261032 });
  // the frame's book has buyers only (a snapshot after the close): a bid, and no made-up ask
  expect(got[0]).toMatchObject({ bid: 39295, bidQty: 5617 });
  expect(got[0]!.ask).toBeUndefined();
  expect(got[0]!.ts).toBeGreaterThan(Date.parse('2000-01-01')); // the exchange's time, not the test clock's
  expect(got[0]!.ts).not.toBe(T0);
  await feed.stop();
  await expect(ended).resolves.toMatchObject({ reason: 'stopped', ticksDelivered: 1 });
  session.stop();
});

test('packets that arrive while a listener is busy wait and come as one batch, in order; none is dropped', async () => {
  const source = new HandSource();
  const feed = new KiteLiveFeed(source, MASTER, new ManualClock(T0));
  const batches: number[][] = [];
  let release!: () => void;
  let first = true;
  feed.onTick(async (b) => {
    batches.push(b.map((t) => t.last));
    if (first) {
      first = false;
      await new Promise<void>((r) => (release = r));
    }
  });
  void feed.start();
  source.send(packet(779521, 80_000, T0));
  await settle();
  for (const p of [80_005, 80_010, 80_015]) source.send(packet(779521, p, T0 + 1_000));
  await settle();
  expect(batches).toEqual([[80_000]]); // the listener is still busy
  release();
  await settle();
  expect(batches).toEqual([[80_000], [80_005, 80_010, 80_015]]);
  await feed.stop();
});

test("bars close on an instrument's next minute, or once the clock has passed a quiet instrument's minute", async () => {
  const source = new HandSource();
  const clock = new ManualClock(T0);
  const feed = new KiteLiveFeed(source, MASTER, clock, { barCheckMs: 5 });
  const bars: Bar[] = [];
  feed.onBar((b) => {
    bars.push(b);
  });
  void feed.start();
  source.send(packet(779521, 80_000, T0 + 1_000, 1_000), packet(884737, 39_000, T0 + 2_000, 500));
  source.send(packet(779521, 80_100, T0 + 30_000, 1_400));
  source.send(packet(779521, 79_900, T0 + 61_000, 1_500)); // SBIN's next minute: its 09:30 bar is done
  await settle();
  expect(bars.map((b) => [b.key, b.open, b.high, b.low, b.close, b.volume])).toEqual([
    ['NSE:SBIN', 80_000, 80_100, 80_000, 80_100, 400],
  ]);
  await clock.advanceTo(T0 + 60_000); // TATAMOTORS traded no more: its bar closes on the clock
  await new Promise((r) => setTimeout(r, 30));
  expect(bars.map((b) => b.key)).toEqual(['NSE:SBIN', 'NSE:TATAMOTORS']);
  await feed.stop();
});

test('an unknown key is refused at subscription; a packet of an unknown token is reported once and dropped', async () => {
  const source = new HandSource();
  const unknown: number[] = [];
  const feed = new KiteLiveFeed(source, MASTER, new ManualClock(T0), { onUnknownToken: (t) => unknown.push(t) });
  expect(() => feed.subscribe(['NSE:NOSUCH'])).toThrow(/NOSUCH/);
  expect(source.subscribed).toEqual([]);
  feed.subscribe(['NSE:SBIN'], 'quote');
  expect(source.subscribed).toEqual(['quote 779521']);
  const got: Tick[] = [];
  feed.onTick((b) => {
    got.push(...b);
  });
  void feed.start();
  source.send(packet(1, 100, T0), packet(1, 101, T0), packet(779521, 80_000, T0));
  await settle();
  expect(unknown).toEqual([1]);
  expect(got.map((t) => t.key)).toEqual(['NSE:SBIN']);
  await feed.stop();
});
