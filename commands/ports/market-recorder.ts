import type { Instrument } from '../../domain/instruments/instrument';
import type { Bar } from '../../domain/market/bar';
import type { RecordedPaperBook, ScannedUniverse } from '../../domain/market/market-tape';
import type { OptionChain } from '../../domain/market/options/option-chain';
import type { Tick } from '../../domain/market/tick';
import type { Paise } from '../../domain/money/paise';

/** What a day trades on, besides its ticks: enough to rebuild its instrument master, chains and futures. */
export interface RecordedUniverse {
  readonly label: string;
  readonly instruments: readonly Instrument[];
  readonly chains: readonly OptionChain[];
  /** The near-month future each index signal trades, by the index's key. */
  readonly futures: readonly (readonly [string, Instrument])[];
  readonly modelPriced: readonly string[];
  readonly quotesModelled: boolean;
  /**
   * True for a trader's tape: its scans ran on the trader's own turn, at the recorded `scan`
   * entries only (a paper day's scan runs after each delivered instant, when due).
   */
  readonly scansRecorded?: boolean;
}

/** The quote a decision read for its instrument (the risk manager's spread and freshness inputs). */
export interface DecisionQuote {
  readonly planId: string;
  readonly instrumentKey: string;
  /** Market time of the decision, epoch ms. */
  readonly atMs: number;
  /** Absent when the instrument had no market data at all (the decision was blocked for it). */
  readonly quote?: {
    readonly last: Paise;
    readonly bid?: Paise;
    readonly ask?: Paise;
    /** Time of the tick the quote came from, epoch ms. */
    readonly tickMs: number;
    readonly modelled: boolean;
  };
}

/**
 * Keeps what the pipeline saw while a day trades, for the audit re-run (`npm run audit -- rerun`).
 * Every method but `flush` only buffers (it is called on the hot path and must not wait); the
 * adapter writes in batches off it. Entries are recorded in call order: call them in the order the
 * pipeline receives them.
 *
 * - `begin`: once, before the first tick (a restarted process calls it again: the session is kept
 *   once; with `start`, a `start` entry marks where this process's stretch of the tape begins);
 * - `ticks`: every tick batch as the pipeline received it, with the market time it arrived at;
 * - `bar`: every completed 1-minute bar, with the market time it was delivered at;
 * - `history`: an instrument's earlier bars of the day as they went into the market state (warm-up);
 * - `universe`: what the scans read besides the market, each time it changes, before the scan that reads it;
 * - `scan`: the market time of each scan, before it runs;
 * - `recovery`: the market time of each start-up recovery (a trader's, as it gains the lock), before it
 *   reconciles, with the paper account it recovers against (none on a LIVE day);
 * - `decision`: the quote each decision used, once per decision;
 * - `flush`: resolves when everything given so far is durable (call it at the end of the day).
 */
export interface MarketRecorder {
  begin(session: {
    readonly configHash: string;
    readonly universe: RecordedUniverse;
    /** Where this process's stretch begins; `fresh`: the process began there (its state empty), see TapeEntry. */
    readonly start?: { readonly atMs: number; readonly fresh: boolean };
  }): void;
  /** `unfilled`: the paper broker did not see this batch (a trader recovering before it leads). */
  ticks(atMs: number, batch: readonly Tick[], o?: { readonly unfilled?: boolean }): void;
  bar(atMs: number, bar: Bar): void;
  history(atMs: number, key: string, bars: readonly Bar[]): void;
  universe(atMs: number, universe: ScannedUniverse): void;
  scan(atMs: number): void;
  /**
   * The leader's start-up recovery runs now (a re-run recovers there too), against `paperBook`: the
   * paper account as loaded for it (a re-run's paper broker restarts from it); none on a LIVE day.
   */
  recovery(atMs: number, paperBook?: RecordedPaperBook): void;
  decision(used: DecisionQuote): void;
  flush(): Promise<void>;
}
