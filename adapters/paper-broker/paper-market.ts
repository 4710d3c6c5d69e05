import type { Tick } from '../../domain/market/tick';
import type { Side } from '../../domain/orders/order-terms';
import type { LiquidityModel } from './paper-broker-options';
import { tickLiquidity } from './paper-liquidity';

/** The latest tick of one instrument and how much of its liquidity fills have used. */
export interface MarketEntry {
  readonly tick: Tick;
  readonly boughtUnits: number;
  readonly soldUnits: number;
}

/**
 * The market as the paper broker last saw it: one entry per instrument (by canonical key). A new
 * tick replaces the entry and renews its liquidity.
 */
export class PaperMarket {
  private readonly entries = new Map<string, MarketEntry>();

  constructor(entries: Iterable<readonly [key: string, entry: MarketEntry]> = []) {
    for (const [key, entry] of entries) this.entries.set(key, entry);
  }

  update(key: string, tick: Tick): void {
    this.entries.set(key, { tick: plainTick(tick), boughtUnits: 0, soldUnits: 0 });
  }

  get(key: string): MarketEntry | undefined {
    return this.entries.get(key);
  }

  /** Units still available to orders of `side` from the latest tick of `key`. */
  available(key: string, side: Side, model: LiquidityModel): number {
    const e = this.entries.get(key);
    if (!e) return 0;
    return tickLiquidity(e.tick, side, model) - (side === 'BUY' ? e.boughtUnits : e.soldUnits);
  }

  consume(key: string, side: Side, units: number): void {
    const e = this.entries.get(key);
    if (!e) throw new Error(`no market for ${key}`);
    this.entries.set(
      key,
      side === 'BUY' ? { ...e, boughtUnits: e.boughtUnits + units } : { ...e, soldUnits: e.soldUnits + units },
    );
  }

  /** Every entry, in the order the instruments were first seen (plain JSON). */
  list(): { key: string; entry: MarketEntry }[] {
    return [...this.entries].map(([key, entry]) => ({ key, entry }));
  }
}

const TICK_FIELDS = ['key', 'ts', 'last', 'cumVolume', 'bid', 'ask', 'bidQty', 'askQty', 'oi'] as const;

/** The tick's own fields, without undefined ones, so that it survives JSON (and a snapshot) unchanged. */
function plainTick(t: Tick): Tick {
  const out: Record<string, unknown> = {};
  for (const k of TICK_FIELDS) if (t[k] !== undefined) out[k] = t[k];
  return out as unknown as Tick;
}
