import type { Paise } from '../money/paise';
import type { Fill } from '../pnl/fill';
import { applyFill, emptyPosition, markPosition, type Position } from '../pnl/position';

/** The position of one instrument at the instant, from the day's fills (FIFO, exact paise: domain/pnl). */
export interface InstrumentPosition {
  readonly instrumentKey: string;
  readonly position: Position;
  /** Fills applied (a trade reported twice counts once). */
  readonly fills: number;
}

/**
 * The day's positions by instrument, built as the orders book builds them: a fill applies to the
 * instrument's position (which starts from the latest mark of its instrument), a marks event marks
 * every position it prices.
 */
export class BookPositions {
  private readonly byInstrument = new Map<string, InstrumentPosition>();
  private readonly lastMarks = new Map<string, Paise>();

  fill(instrumentKey: string, fill: Fill): void {
    const prev = this.byInstrument.get(instrumentKey) ?? {
      instrumentKey,
      position: { ...emptyPosition(), lastMark: this.lastMarks.get(instrumentKey) ?? null },
      fills: 0,
    };
    if (prev.position.tradeIds.has(fill.tradeId)) return;
    this.byInstrument.set(instrumentKey, { ...prev, position: applyFill(prev.position, fill), fills: prev.fills + 1 });
  }

  mark(marks: Readonly<Record<string, Paise>>): void {
    for (const [key, price] of Object.entries(marks)) {
      this.lastMarks.set(key, price);
      const p = this.byInstrument.get(key);
      if (p) this.byInstrument.set(key, { ...p, position: markPosition(p.position, price) });
    }
  }

  /** The latest mark of each instrument. */
  marks(): Record<string, Paise> {
    return Object.fromEntries(this.lastMarks);
  }

  /** By instrument key. */
  list(): InstrumentPosition[] {
    return [...this.byInstrument.values()].sort((a, b) => a.instrumentKey.localeCompare(b.instrumentKey));
  }
}
