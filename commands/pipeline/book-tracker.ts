import type { Paise } from '../../domain/money/paise';
import type { OrderEvent } from '../../domain/orders/order-events';
import type { Side } from '../../domain/orders/order-terms';
import { applyFill, emptyPosition, markPosition, type Position, pnlAt } from '../../domain/pnl/position';
import type { OrderNews } from '../trading/order-steps';

/**
 * The day's book as the pipeline needs it between scans: positions per instrument from every
 * fill the engine records (exact, FIFO realised P&L via domain/pnl), and their marks. Feeds the
 * risk manager's daily-loss gate and the MarksRecorded events.
 */
export class BookTracker {
  private readonly sides = new Map<string, { side: Side; instrument: string }>();
  private readonly positions = new Map<string, Position>();

  observe(n: OrderNews): void {
    const e: OrderEvent = n.event;
    if (e.type === 'OrderSubmissionRequested') {
      this.sides.set(e.data.clientOrderId, { side: e.data.side, instrument: e.data.instrumentKey });
      return;
    }
    if (e.type !== 'OrderFilled' && e.type !== 'OrderPartiallyFilled') return;
    // The fill's own ticket first: the submission's news may not have reached us yet.
    const o = n.ticket
      ? { side: n.ticket.side, instrument: n.ticket.instrumentKey }
      : this.sides.get(e.data.clientOrderId);
    if (!o) return;
    const p = this.positions.get(o.instrument) ?? emptyPosition();
    this.positions.set(
      o.instrument,
      applyFill(p, { tradeId: e.data.tradeId, side: o.side, qty: e.data.qty, price: e.data.price }),
    );
  }

  mark(instrument: string, price: Paise): void {
    const p = this.positions.get(instrument);
    if (p) this.positions.set(instrument, markPosition(p, price));
  }

  /** Instruments with a position today (open or closed). */
  instruments(): string[] {
    return [...this.positions.keys()];
  }

  /** Instruments with an open position. */
  openInstruments(): string[] {
    return [...this.positions].filter(([, p]) => p.netQty !== 0).map(([k]) => k);
  }

  /**
   * Realised and unrealised P&L of the day at the last marks; undefined when an open position
   * has no mark (a missing price is never made up: the risk gate then blocks).
   */
  dailyPnl(): { realised: Paise; unrealised: Paise } | undefined {
    let realised = 0;
    let unrealised = 0;
    for (const p of this.positions.values()) {
      const s = pnlAt(p);
      if (!s) return undefined;
      realised += s.realised;
      unrealised += s.unrealised;
    }
    return { realised, unrealised };
  }

  position(instrument: string): Position | undefined {
    return this.positions.get(instrument);
  }
}
