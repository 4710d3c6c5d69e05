/** Which book a trading day trades in: its namespace (streams, paper account) and its mode. */
export interface TraderDayBook {
  readonly tradingDay: string;
  readonly namespace: string;
  readonly mode: 'PAPER' | 'LIVE';
  /** UTC ISO instant of the day's first start. */
  readonly createdAt: string;
  /** Bumped by every write; a write naming an older one is refused (StaleWriteError). */
  readonly version: number;
}

/**
 * The day books of every trader book (one per Kite account: `bookKey`), shared by all instances
 * trading it: the day's first start makes the day's book, every later start (a restart, another
 * instance taking over) finds the same one.
 */
export interface TraderDayBooks {
  /**
   * The day's book of `bookKey`; when there is none yet, `fresh` becomes it. Two instances racing
   * get the same book (exactly one made it: `resumed` false for that one only).
   */
  open(
    bookKey: string,
    fresh: Omit<TraderDayBook, 'version'>,
  ): Promise<{ readonly book: TraderDayBook; readonly resumed: boolean }>;
  /** The day's book as stored, or null. */
  find(bookKey: string, tradingDay: string): Promise<TraderDayBook | null>;
  /** Changes the day's mode; refused (StaleWriteError) when `from.version` is no longer the stored one. */
  setMode(bookKey: string, from: TraderDayBook, mode: TraderDayBook['mode']): Promise<TraderDayBook>;
}
