import type { Instrument } from '../instruments/instrument';
import type { Side } from '../orders/order-terms';
import { type Reason, reason } from './reasons';
import { sliceQuantity } from './slicing';
import { instrumentProblems } from './trade-plan';

/** An order that reduces an open position: a stop, a target, or a flatten/EOD exit. */
export interface ExitRequest {
  readonly instrument: Instrument;
  readonly side: Side;
  readonly quantity: number;
  /** Signed open quantity of the position it reduces (+ long, - short). */
  readonly positionQty: number;
}

export type ExitDecision =
  | { readonly approved: true; readonly quantity: number; readonly slices: readonly number[] }
  | { readonly approved: false; readonly reasons: readonly Reason[] };

/**
 * Exits are never blocked by a risk gate: not by the kill switch, the breaker, a pause, the mode,
 * the hour, stale data or any cap (a kill switch must be able to close positions). Only a malformed
 * exit is refused: a quantity that is not a whole number of lots, or one that would not reduce the
 * position (wrong side, or larger than the position, which would open a new one). An exit above the
 * freeze quantity is always sliced, however many slices it takes. Cancels need no assessment at all.
 */
export function assessExit(exit: ExitRequest): ExitDecision {
  const problems = instrumentProblems(exit.instrument);
  const { quantity, positionQty } = exit;
  if (!Number.isSafeInteger(quantity) || quantity <= 0)
    problems.push(`exit quantity must be a positive whole number, got ${quantity}`);
  else if (problems.length === 0 && quantity % exit.instrument.lotSize !== 0) {
    problems.push(`exit quantity ${quantity} is not a whole number of lots of ${exit.instrument.lotSize}`);
  }
  if (!Number.isSafeInteger(positionQty) || positionQty === 0) problems.push('there is no open position to exit');
  else {
    const reducing: Side = positionQty > 0 ? 'SELL' : 'BUY';
    if (exit.side !== reducing)
      problems.push(`a ${exit.side} does not reduce a ${positionQty > 0 ? 'long' : 'short'} position`);
    if (quantity > Math.abs(positionQty)) {
      problems.push(`exit quantity ${quantity} is larger than the open position of ${Math.abs(positionQty)}`);
    }
  }
  if (problems.length > 0) return { approved: false, reasons: problems.map((p) => reason('EXIT_INVALID', p)) };
  return {
    approved: true,
    quantity,
    slices: sliceQuantity(quantity, exit.instrument.lotSize, exit.instrument.freezeQty),
  };
}
