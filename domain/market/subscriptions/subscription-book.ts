/** Kite's ticker modes, from the least to the most data. */
export type TickMode = 'ltp' | 'quote' | 'full';

const RANK: Readonly<Record<TickMode, number>> = { ltp: 0, quote: 1, full: 2 };

/** What the ticker must be told to reach the book's wanted state from what it was told before. */
export interface SubscriptionChange {
  /** Tokens to subscribe, each in its mode (new tokens, and tokens whose mode changed). */
  readonly subscribe: ReadonlyMap<number, TickMode>;
  /** Tokens no owner wants any more. */
  readonly unsubscribe: readonly number[];
}

/**
 * Instrument tokens wanted by several owners at once (the stock universe, each index's strikes
 * near the money, the instruments of open positions), counted per owner: a token stays
 * subscribed while any owner still wants it, in the richest mode any owner asks for. An owner
 * states its whole wish each time (`want`); `change()` gives the difference from what the ticker
 * was last told, and records that it has now been told. Pure: no I/O, no clock.
 */
export class SubscriptionBook {
  private readonly wishes = new Map<string, ReadonlyMap<number, TickMode>>();
  private told = new Map<number, TickMode>();

  /** Replaces `owner`'s wish with these tokens in this mode (an empty list withdraws it). */
  want(owner: string, tokens: Iterable<number>, mode: TickMode): void {
    const wish = new Map<number, TickMode>();
    for (const t of tokens) {
      if (!Number.isSafeInteger(t) || t <= 0)
        throw new RangeError(`an instrument token is a positive integer, got ${t}`);
      wish.set(t, mode);
    }
    if (wish.size === 0) this.wishes.delete(owner);
    else this.wishes.set(owner, wish);
  }

  /** Withdraws every token `owner` wanted. */
  release(owner: string): void {
    this.wishes.delete(owner);
  }

  /** The owners that want something now. */
  ownerNames(): string[] {
    return [...this.wishes.keys()];
  }

  /** Every wanted token in the richest mode any owner asks for. */
  wanted(): ReadonlyMap<number, TickMode> {
    const out = new Map<number, TickMode>();
    for (const wish of this.wishes.values())
      for (const [token, mode] of wish) {
        const had = out.get(token);
        if (had === undefined || RANK[mode] > RANK[had]) out.set(token, mode);
      }
    return out;
  }

  /** How many owners want `token`. */
  owners(token: number): number {
    let n = 0;
    for (const wish of this.wishes.values()) if (wish.has(token)) n += 1;
    return n;
  }

  /** The difference between what is wanted and what the ticker was last told; then it counts as told. */
  change(): SubscriptionChange {
    const now = this.wanted();
    const subscribe = new Map<number, TickMode>();
    for (const [token, mode] of now) if (this.told.get(token) !== mode) subscribe.set(token, mode);
    const unsubscribe = [...this.told.keys()].filter((t) => !now.has(t)).sort((a, b) => a - b);
    this.told = new Map(now);
    return { subscribe, unsubscribe };
  }

  /** Forgets what the ticker was told (a new connection knows nothing): the next change() subscribes all. */
  resetTold(): void {
    this.told = new Map();
  }
}
