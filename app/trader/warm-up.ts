import { BrokerError } from '../../commands/ports/broker';
import type { Clock } from '../../commands/ports/clock';
import { type Instrument, instrumentKey } from '../../domain/instruments/instrument';
import { type Bar, MINUTE_MS, minuteStartMs } from '../../domain/market/bar';
import type { StrategiesConfig } from '../../domain/strategies/strategies-config';

/** Reads an instrument's 1-minute candles (KiteHistory does, from Kite's historical API). */
export interface MinuteHistory {
  minuteBars(
    instrument: { readonly token: number; readonly key: string },
    fromMs: number,
    toMs: number,
  ): Promise<Bar[]>;
}

export interface WarmUpOptions {
  readonly history: MinuteHistory;
  /** The instruments whose day of bars the strategies read (see instrumentsToWarm). */
  readonly instruments: readonly Instrument[];
  readonly clock: Pick<Clock, 'nowMs' | 'sleep'>;
  /** The session's open (epoch ms): history is asked from there. */
  readonly openMs: number;
  /** Hands an instrument's bars to the pipeline (TradingPipeline.applyHistory, in the day's serial queue). */
  readonly apply: (key: string, bars: readonly Bar[]) => Promise<void>;
  /** Progress and outcome lines (stderr). */
  readonly write: (line: string) => void;
  readonly onError: (key: string, err: unknown) => void;
  /**
   * True for an error no other request can escape (an expired session, an account without the
   * historical data add-on): the warm-up stops asking at once. Default: a FATAL BrokerError.
   */
  readonly fatal?: (err: unknown) => boolean;
  /** Instruments the feed has had a tick of are read first (an instrument without market waits its turn). */
  readonly ticked?: (key: string) => boolean;
  /** Requests in flight at once (the history's own limiter paces them; default 3). */
  readonly concurrency?: number;
  /** Wall ms between two progress lines (default 5 s). */
  readonly progressEveryMs?: number;
}

export interface WarmUpReport {
  readonly instruments: number;
  readonly bars: number;
  /** Keys whose history could not be read: no new signals on them today. */
  readonly failed: readonly string[];
}

/**
 * The instruments whose bars from the open the strategies read: the scanned stocks and indices
 * (ORB's opening range, the trend pullback's EMAs and regime) when a single-instrument strategy is
 * on, and the option underlyings (the options ranker's and iron condor's triggers and regime) when an
 * option strategy is. Options and futures need only their last few bars (a quote, the last bar's
 * age, a few bars of volume), which the live feed builds within minutes: they are not asked for.
 */
export function instrumentsToWarm(
  universe: { instruments(): readonly Instrument[]; readonly underlyings: readonly Instrument[] },
  strategies: StrategiesConfig,
): Instrument[] {
  const out = new Map<string, Instrument>();
  const add = (i: Instrument) => out.set(instrumentKey(i), i);
  if (strategies.optionsRanker.enabled || strategies.ironCondor.enabled) universe.underlyings.forEach(add);
  if (strategies.orb.enabled || strategies.trendPullback.enabled)
    universe
      .instruments()
      .filter((i) => i.kind === 'EQ' || i.kind === 'INDEX')
      .forEach(add);
  return [...out.values()];
}

/**
 * A trader started (or restarted) mid-session warms its strategies up with the day's 1-minute
 * candles from the open, read from Kite's historical API within its rate limit (3 a second: ~70
 * instruments take about 25 s), one instrument at a time into the pipeline's market state. Until
 * an instrument's history is in, it is not warm: the scan offers no new signal on it (see
 * warmedUniverse). Started at or before the open there is nothing to read: every bar comes live.
 * The history is asked once the feed's first minute is over, so the exchange's whole candle
 * replaces the feed's first bar, which began mid-minute.
 */
export class WarmUp {
  private readonly cold = new Set<string>();
  private readonly failed = new Set<string>();
  private stopped = false;
  private fatal = false;

  constructor(private readonly o: WarmUpOptions) {
    for (const i of o.instruments) this.cold.add(instrumentKey(i));
  }

  /** False while the instrument's history is still to come (or could not be read). */
  isWarm(key: string): boolean {
    return !this.cold.has(key);
  }

  stop(): void {
    this.stopped = true;
  }

  /** Reads and applies the history of every instrument; `liveFromMs`: when the feed started. */
  async run(liveFromMs: number): Promise<WarmUpReport> {
    const { clock, openMs } = this.o;
    if (liveFromMs <= openMs) {
      this.cold.clear(); // the feed sees the whole session
      return { instruments: 0, bars: 0, failed: [] };
    }
    const wait = minuteStartMs(liveFromMs) + MINUTE_MS - clock.nowMs();
    if (wait > 0) await clock.sleep(wait);
    const cold = this.o.instruments.filter((i) => this.cold.has(instrumentKey(i)));
    const ticked = (i: Instrument) => this.o.ticked?.(instrumentKey(i)) ?? true;
    const queue = [...cold.filter(ticked), ...cold.filter((i) => !ticked(i))];
    const started = Date.now();
    this.o.write(
      `warm-up: the day's 1-minute candles of ${queue.length} instruments from the open (Kite's historical API, 3 requests a second)\n`,
    );
    let done = 0;
    let bars = 0;
    let lastLine = Date.now();
    const every = this.o.progressEveryMs ?? 5_000;
    const one = async (i: Instrument): Promise<void> => {
      const key = instrumentKey(i);
      try {
        const toMs = clock.nowMs();
        // only whole minutes: the one still running comes from the live feed
        const whole = (await this.o.history.minuteBars({ token: i.token, key }, openMs, toMs)).filter(
          (b) => Date.parse(b.start) + MINUTE_MS <= toMs,
        );
        await this.o.apply(key, whole);
        bars += whole.length;
        this.cold.delete(key);
        this.failed.delete(key);
      } catch (err) {
        this.failed.add(key);
        this.o.onError(key, err);
        if ((this.o.fatal ?? isFatal)(err)) this.fatal = true;
      }
      done += 1;
      if (Date.now() - lastLine >= every) {
        lastLine = Date.now();
        this.o.write(`warm-up: ${done}/${queue.length} instruments, ${bars} bars (${key})\n`);
      }
    };
    await this.pool(queue, one);
    // one more try for what failed (a dropped connection, a burst of 429s)
    const again = queue.filter((i) => this.failed.has(instrumentKey(i)));
    if (again.length > 0 && !this.fatal) await this.pool(again, one);
    const failed = queue.map(instrumentKey).filter((k) => this.cold.has(k));
    this.o.write(
      `warm-up done: ${queue.length - failed.length}/${queue.length} instruments, ${bars} bars in ${((Date.now() - started) / 1000).toFixed(1)} s` +
        (failed.length > 0 ? `; no history, so no new signals today on: ${failed.join(', ')}` : '') +
        '\n',
    );
    return { instruments: queue.length - failed.length, bars, failed };
  }

  private async pool(items: readonly Instrument[], work: (i: Instrument) => Promise<void>): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (!this.stopped && !this.fatal && next < items.length) await work(items[next++]!);
    };
    await Promise.all(Array.from({ length: Math.max(1, this.o.concurrency ?? 3) }, worker));
  }
}

function isFatal(err: unknown): boolean {
  return err instanceof BrokerError && err.kind === 'FATAL';
}
