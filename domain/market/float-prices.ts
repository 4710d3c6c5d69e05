import type { Paise } from '../money/paise';
import { MoneyError } from '../money/paise';
import { assertTickSize } from '../prices/price-error';
import { roundToTick, type TickRounding } from '../prices/tick-rounding';
import { abs, isFiniteNumber, round } from './fast-math';

/**
 * Prices that arrive as floats: read from files (float rupees with noise) or computed by a model
 * (float paise). Both become integer paise on the instrument's tick here, and nowhere else.
 */

/**
 * How far (in paise) a float price read from a file may sit from a tick and still be taken as that tick.
 * 0.5 paise absorbs the float32 noise of sources such as Yahoo (24876.599609375 -> 24876.60) for
 * any price below Rs 1,31,072 (half a float32 step there is 0.39 paise), while a price that is
 * really off tick (24876.62 on a 0.05 tick) is 2 paise away and is refused.
 */
export const FLOAT_PRICE_TOLERANCE_PAISE = 0.5;

/**
 * A price given as float rupees, snapped to the instrument's tick when it lies within
 * `tolerancePaise` of one; undefined when it is off tick.
 */
export function snapRupeesToTick(
  rupees: number,
  tick: Paise,
  tolerancePaise = FLOAT_PRICE_TOLERANCE_PAISE,
): Paise | undefined {
  if (!isFiniteNumber(rupees)) throw new MoneyError(`price ${rupees} is not a finite number`);
  assertTickSize(tick);
  const paise = rupees * 100;
  const snapped = round(paise / tick) * tick;
  return abs(paise - snapped) <= tolerancePaise ? snapped : undefined;
}

/** A model's float price (paise) as a price on the tick: to the nearest paisa, then by `mode`. */
export function modelPriceToTick(paise: number, tick: Paise, mode: TickRounding): Paise {
  if (!isFiniteNumber(paise)) throw new MoneyError(`model price ${paise} is not a finite number`);
  return roundToTick(round(paise), tick, mode);
}
