import type { TradingConfig } from '../../domain/config/trading-config';
import { universeInstruments } from '../../domain/config/universe';
import { type Instrument, instrumentKey } from '../../domain/instruments/instrument';
import { BUILTIN_UNDERLYINGS } from '../../domain/instruments/underlyings';
import { chainFromInstruments, type OptionChain } from '../../domain/market/options/option-chain';
import {
  followedExpiries,
  nearMoneyStrikes,
  type StrikeWindow,
} from '../../domain/market/subscriptions/near-money-strikes';
import { SubscriptionBook, type SubscriptionChange } from '../../domain/market/subscriptions/subscription-book';
import type { Tick } from '../../domain/market/tick';
import type { ScanUniverse } from '../pipeline/trading-pipeline';

/** The owner of the instruments of open positions and working orders: it outlives a day's universe. */
const POSITIONS = 'positions';

/** Strikes on each side of the money subscribed per index, and the re-centre hysteresis (strike steps). */
const STRIKE_WIDTH = 5;
const RECENTRE_STEPS = 1.5;

/**
 * A live trading day's universe from Kite's instruments dump: the configured stocks and indices,
 * each index's near-month future, and each option underlying's strikes near the money (nearest
 * expiry, and on its expiry day the next one too), re-centred as the index moves. What the ticker
 * is subscribed to is kept in a ref-counted SubscriptionBook (owners: the universe, each index's
 * strike windows, open positions).
 *
 * The book outlives the day when the trader passes its own (one ticker for the whole process): a
 * new day's universe takes over every owner but the positions, so that its first `change()`
 * releases what only yesterday wanted (expired options, yesterday's strikes and future) and
 * subscribes today's, while an instrument a position still holds stays subscribed until the
 * positions' owner lets it go.
 */
export class TraderUniverse implements ScanUniverse {
  readonly futures: ReadonlyMap<string, Instrument>;
  readonly modelPriced: readonly string[] = [];
  /** The indices whose option strikes are followed (the option strategies' underlyings). */
  readonly underlyings: readonly Instrument[];
  readonly subscriptions: SubscriptionBook;
  private readonly scanned: readonly Instrument[];
  private readonly optionsOf = new Map<string, { name: string; options: readonly Instrument[] }>();
  /** Strike windows by index and expiry (`<index key>|<expiry>`): the nearest expiry, and the next on an expiry day. */
  private readonly windows = new Map<string, { readonly indexKey: string; readonly window: StrikeWindow }>();
  private chainList: OptionChain[] = [];

  constructor(
    dump: readonly Instrument[],
    config: TradingConfig,
    readonly tradingDay: string,
    subscriptions: SubscriptionBook = new SubscriptionBook(),
  ) {
    this.subscriptions = subscriptions;
    // Yesterday's wishes (universe, strike windows) are not today's; what positions hold stays.
    for (const owner of subscriptions.ownerNames()) if (owner !== POSITIONS) subscriptions.release(owner);
    this.scanned = universeInstruments(config.universe, dump);
    const futures = new Map<string, Instrument>();
    for (const u of BUILTIN_UNDERLYINGS) {
      if (!dump.some((i) => instrumentKey(i) === u.indexKey)) continue;
      const future = dump
        .filter((i) => i.kind === 'FUT' && i.underlying === u.name && (i.expiry ?? '') >= tradingDay)
        .sort((a, b) => (a.expiry ?? '').localeCompare(b.expiry ?? ''))[0];
      if (future) futures.set(u.indexKey, future);
      if (config.universe.optionUnderlyings.includes(u.name))
        this.optionsOf.set(u.indexKey, {
          name: u.name,
          options: dump.filter((i) => (i.kind === 'CE' || i.kind === 'PE') && i.underlying === u.name),
        });
    }
    this.futures = futures;
    this.subscriptions.want(
      'universe',
      [...this.scanned, ...futures.values()].map((i) => i.token),
      'full',
    );
    // The indices whose strikes are followed are subscribed even when not scanned.
    this.underlyings = dump.filter((i) => this.optionsOf.has(instrumentKey(i)));
    this.subscriptions.want(
      'underlyings',
      this.underlyings.map((i) => i.token),
      'full',
    );
  }

  instruments(): readonly Instrument[] {
    return [
      ...this.scanned,
      ...this.futures.values(),
      ...this.chainList.flatMap((c) => c.contracts.map((x) => x.instrument)),
    ];
  }

  chains(): readonly OptionChain[] {
    return this.chainList;
  }

  /** The centre of each index's strike window of its nearest expiry (for the state and the logs). */
  centres(): Readonly<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const { indexKey, window } of this.windows.values()) out[indexKey] ??= window.centre;
    return out;
  }

  /**
   * Re-centres the strike windows of the indices these ticks price (on an expiry day, those of the
   * next expiry too: followedExpiries); true when a window moved.
   */
  observe(batch: readonly Tick[]): boolean {
    let moved = false;
    for (const t of batch) {
      const o = this.optionsOf.get(t.key);
      if (!o) continue;
      for (const expiry of followedExpiries(o.options, this.tradingDay)) {
        const id = `${t.key}|${expiry}`;
        const before = this.windows.get(id)?.window ?? null;
        const w = nearMoneyStrikes(
          o.options,
          t.last,
          this.tradingDay,
          { width: STRIKE_WIDTH, recentreSteps: RECENTRE_STEPS },
          before,
          expiry,
        );
        if (!w || (before && before.centre === w.centre && before.expiry === w.expiry)) continue;
        this.windows.set(id, { indexKey: t.key, window: w });
        this.subscriptions.want(
          `strikes:${id}`,
          w.instruments.map((i) => i.token),
          'full',
        );
        moved = true;
      }
    }
    if (moved)
      this.chainList = [...this.windows.values()].map(({ indexKey, window: w }) =>
        chainFromInstruments(w.instruments, this.optionsOf.get(indexKey)!.name, indexKey, w.expiry),
      );
    return moved;
  }

  /** Instruments of open positions stay subscribed whatever the windows do. */
  holdPositions(tokens: Iterable<number>): void {
    this.subscriptions.want(POSITIONS, tokens, 'full');
  }

  /** What the ticker must be told now. */
  change(): SubscriptionChange {
    return this.subscriptions.change();
  }
}
