import type { Clock } from '../../commands/ports/clock';
import type { BarListener, FeedEnd, MarketDataFeed, TickListener, TickMode } from '../../commands/ports/market-data';
import { instrumentKey } from '../../domain/instruments/instrument';
import type { InstrumentMaster } from '../../domain/instruments/instrument-master';
import type { Bar } from '../../domain/market/bar';
import { BarBuilder } from '../../domain/market/bar-builder';
import type { Tick } from '../../domain/market/tick';
import type { KiteTick } from './kite-tick';

/** What the feed needs of the ticker session (KiteTickerSession has it). */
export interface TickSource {
  subscribe(tokens: readonly number[], mode: TickMode): void;
  unsubscribe(tokens: readonly number[]): void;
  onTicks(listener: (ticks: KiteTick[]) => void): () => void;
}

/**
 * The live market-data feed: the Kite ticker's decoded packets (paise) as the MarketDataFeed port's
 * ticks and 1-minute bars, for the same pipeline a replay drives. Instruments are keys
 * (`EXCHANGE:SYMBOL`) resolved to Kite tokens by the instrument master. Listeners are awaited one
 * batch at a time; packets that arrive meanwhile wait and go as one batch, in arrival order, so
 * no tick is dropped and none overtakes another. A bar closes on its instrument's first tick of a
 * later minute, or once the wall clock has passed its minute (a quiet instrument is not held back).
 */
export class KiteLiveFeed implements MarketDataFeed {
  private readonly tickListeners = new Set<TickListener>();
  private readonly barListeners = new Set<BarListener>();
  private readonly builder = new BarBuilder({ volumeBaseline: 'first-tick' });
  private pending: Tick[] = [];
  private wake: (() => void) | null = null;
  private running: Promise<FeedEnd> | null = null;
  private stopping = false;
  private ticksDelivered = 0;
  private barsDelivered = 0;
  private unknownTokens = new Set<number>();

  constructor(
    private readonly source: TickSource,
    private readonly instruments: InstrumentMaster,
    private readonly clock: Pick<Clock, 'nowMs'>,
    private readonly options: {
      readonly onUnknownToken?: (token: number) => void;
      readonly barCheckMs?: number;
      /**
       * How long past its minute a quiet instrument's bar waits before the clock closes it (default
       * 0): ticks that arrive later than this behind the clock are late and dropped from bars. A
       * simulator's accelerated day needs more (its frames can trail its clock by a market minute).
       */
      readonly barCloseLagMs?: number;
    } = {},
  ) {}

  /** Ticks that arrived after their minute's bar had closed: left out of bars (they still set prices). */
  get lateTicks(): number {
    return this.builder.lateTicks;
  }

  subscribe(keys: readonly string[], mode: TickMode = 'full'): void {
    this.source.subscribe(this.tokensOf(keys), mode);
  }

  unsubscribe(keys: readonly string[]): void {
    this.source.unsubscribe(this.tokensOf(keys));
  }

  onTick(listener: TickListener): () => void {
    const l: TickListener = (t) => listener(t);
    this.tickListeners.add(l);
    return () => this.tickListeners.delete(l);
  }

  onBar(listener: BarListener): () => void {
    const l: BarListener = (b) => listener(b);
    this.barListeners.add(l);
    return () => this.barListeners.delete(l);
  }

  start(): Promise<FeedEnd> {
    if (this.running) return Promise.reject(new Error('a live feed is started once'));
    this.running = this.run();
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running?.catch(() => undefined);
  }

  private tokensOf(keys: readonly string[]): number[] {
    return keys.map((k) => this.instruments.get(k).token); // an unknown key is an error, not a silent gap
  }

  private async run(): Promise<FeedEnd> {
    const off = this.source.onTicks((packets) => {
      for (const p of packets) {
        const t = this.toTick(p);
        if (t) this.pending.push(t);
      }
      this.wake?.();
    });
    const every = this.options.barCheckMs ?? 1_000;
    const timer = setInterval(() => this.wake?.(), every); // quiet minutes still close their bars
    timer.unref();
    try {
      while (!this.stopping) {
        if (this.pending.length === 0) await new Promise<void>((r) => (this.wake = r));
        this.wake = null;
        const batch = this.pending;
        this.pending = [];
        await this.deliver(batch);
      }
      return { reason: 'stopped', ticksDelivered: this.ticksDelivered, barsDelivered: this.barsDelivered };
    } finally {
      off();
      clearInterval(timer);
    }
  }

  private async deliver(batch: readonly Tick[]): Promise<void> {
    const bars: Bar[] = [];
    for (const t of batch) {
      const done = this.builder.add(t);
      if (done) bars.push(done);
    }
    bars.push(...this.builder.closeUpTo(this.clock.nowMs() - (this.options.barCloseLagMs ?? 0)));
    for (const b of bars) {
      for (const l of this.barListeners) await l(b);
      this.barsDelivered += 1;
    }
    if (batch.length === 0) return;
    for (const l of this.tickListeners) await l(batch);
    this.ticksDelivered += batch.length;
  }

  /** A packet as a tick: exchange time when Kite sends one, else the arrival time; best bid/ask from depth. */
  private toTick(p: KiteTick): Tick | undefined {
    const instrument = this.instruments.findByToken(p.token);
    if (!instrument) {
      if (!this.unknownTokens.has(p.token)) {
        this.unknownTokens.add(p.token);
        this.options.onUnknownToken?.(p.token);
      }
      return undefined;
    }
    const at = p.exchangeAt ?? p.lastTradeAt;
    const bid = p.depth?.buy[0];
    const ask = p.depth?.sell[0];
    return {
      key: instrumentKey(instrument),
      ts: at ? Date.parse(at) : this.clock.nowMs(),
      last: p.lastPrice,
      cumVolume: p.trading?.volume ?? 0,
      ...(bid && bid.quantity > 0 ? { bid: bid.price, bidQty: bid.quantity } : {}),
      ...(ask && ask.quantity > 0 ? { ask: ask.price, askQty: ask.quantity } : {}),
      ...(p.openInterest ? { oi: p.openInterest.oi } : {}),
    };
  }
}
