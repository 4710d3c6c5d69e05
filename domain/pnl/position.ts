import { divRound, type Paise } from '../money/paise';
import { sideSign } from '../orders/order-terms';
import { type ChargesModel, zeroCharges } from './charges-model';
import { assertFill, type Fill } from './fill';

/** Open units bought (long) or sold (short) at one price; closed first-in, first-out. */
export interface OpenLot {
  readonly qty: number;
  readonly price: Paise;
}

/** Most favourable and most adverse unrealised P&L seen at marks since the position last opened or flipped. */
export interface Excursion {
  /** >= 0 */
  readonly mfe: Paise;
  /** <= 0 */
  readonly mae: Paise;
}

/**
 * A position built from fills, exactly: every amount is whole paise.
 *
 * Realised P&L is FIFO: a closing fill realises against the oldest open units. With integer prices
 * this is exact (average-cost closes would leave fractions of a paisa), and it does not depend on
 * how a quantity was split into fills at one price. The average price is that of the open units:
 * their exact cost (`openCost`) over the quantity, rounded to the paisa only for display.
 *
 * The law (tested): realised + unrealised(mark) = cashFlow + netQty x mark.
 */
export interface Position {
  /** Signed: + long, - short. */
  readonly netQty: number;
  /** FIFO, oldest first; all on the side of `netQty`; their quantities sum to |netQty|. */
  readonly openLots: readonly OpenLot[];
  readonly realised: Paise;
  /** Sold value - bought value. */
  readonly cashFlow: Paise;
  readonly boughtQty: number;
  readonly soldQty: number;
  readonly boughtValue: Paise;
  readonly soldValue: Paise;
  /** Accumulated from the charges model the fills were applied with. */
  readonly charges: Paise;
  readonly tradeIds: ReadonlySet<string>;
  /** Null until a position is first opened; kept after it closes (the finished trade's MFE/MAE). */
  readonly excursion: Excursion | null;
  readonly lastMark: Paise | null;
}

export function emptyPosition(): Position {
  return {
    netQty: 0,
    openLots: [],
    realised: 0,
    cashFlow: 0,
    boughtQty: 0,
    soldQty: 0,
    boughtValue: 0,
    soldValue: 0,
    charges: 0,
    tradeIds: new Set(),
    excursion: null,
    lastMark: null,
  };
}

/** Applies one fill. A fill whose trade ID was already applied changes nothing (broker re-sends). */
export function applyFill(position: Position, fill: Fill, charges: ChargesModel = zeroCharges): Position {
  assertFill(fill);
  if (position.tradeIds.has(fill.tradeId)) return position;
  const sign = sideSign(fill.side);
  const value = fill.qty * fill.price;
  const held = Math.sign(position.netQty);
  let lots = position.openLots;
  let realised = position.realised;
  let opening = fill.qty;
  if (held !== 0 && held !== sign) {
    const next: OpenLot[] = [];
    let closing = fill.qty;
    for (const lot of lots) {
      const take = Math.min(closing, lot.qty);
      realised += held * (fill.price - lot.price) * take;
      closing -= take;
      if (lot.qty > take) next.push({ qty: lot.qty - take, price: lot.price });
    }
    lots = next;
    opening = closing; // what is left after closing everything opens the other side (a flip)
  }
  if (opening > 0) {
    const last = lots[lots.length - 1];
    lots =
      last && last.price === fill.price
        ? [...lots.slice(0, -1), { qty: last.qty + opening, price: last.price }]
        : [...lots, { qty: opening, price: fill.price }];
  }
  const netQty = position.netQty + sign * fill.qty;
  const opened = netQty !== 0 && Math.sign(netQty) !== held; // from flat, or flipped through zero
  const tradeIds = new Set(position.tradeIds).add(fill.tradeId);
  return {
    ...position,
    netQty,
    openLots: lots,
    realised,
    cashFlow: position.cashFlow - sign * value,
    boughtQty: position.boughtQty + (sign > 0 ? fill.qty : 0),
    soldQty: position.soldQty + (sign < 0 ? fill.qty : 0),
    boughtValue: position.boughtValue + (sign > 0 ? value : 0),
    soldValue: position.soldValue + (sign < 0 ? value : 0),
    charges: position.charges + charges.chargesFor(fill).total,
    tradeIds,
    excursion: opened ? { mfe: 0, mae: 0 } : position.excursion,
  };
}

export function positionFromFills(fills: Iterable<Fill>, charges: ChargesModel = zeroCharges): Position {
  let p = emptyPosition();
  for (const f of fills) p = applyFill(p, f, charges);
  return p;
}

/** Signed exact cost of the open units: + paid for a long, - received for a short. */
export function openCost(position: Position): Paise {
  let cost = 0;
  for (const lot of position.openLots) cost += lot.qty * lot.price;
  return Math.sign(position.netQty) * cost;
}

/** Average price of the open units, rounded to the paisa for display; null when flat. */
export function averagePrice(position: Position): Paise | null {
  if (position.netQty === 0) return null;
  return divRound(Math.abs(openCost(position)), Math.abs(position.netQty));
}

/** Unrealised P&L at `mark`. Flat: 0 whatever the mark. Open without a mark: undefined (no made-up prices). */
export function unrealisedAt(position: Position, mark: Paise | null | undefined): Paise | undefined {
  if (position.netQty === 0) return 0;
  if (mark === null || mark === undefined) return undefined;
  return position.netQty * mark - openCost(position);
}

export interface PnlSnapshot {
  readonly realised: Paise;
  readonly unrealised: Paise;
  /** realised + unrealised (gross). */
  readonly total: Paise;
  readonly charges: Paise;
  /** total - charges. */
  readonly net: Paise;
}

/** P&L at `mark` (the last mark when omitted); undefined when the position is open and there is no mark. */
export function pnlAt(position: Position, mark: Paise | null = position.lastMark): PnlSnapshot | undefined {
  const unrealised = unrealisedAt(position, mark);
  if (unrealised === undefined) return undefined;
  const total = position.realised + unrealised;
  return { realised: position.realised, unrealised, total, charges: position.charges, net: total - position.charges };
}

/** Records a mark price: the last mark, and MFE/MAE of the open position. */
export function markPosition(position: Position, mark: Paise): Position {
  if (!Number.isSafeInteger(mark) || mark <= 0)
    throw new RangeError(`a mark must be a positive whole number of paise, got ${mark}`);
  if (position.netQty === 0 || !position.excursion) return { ...position, lastMark: mark };
  const u = position.netQty * mark - openCost(position);
  const { mfe, mae } = position.excursion;
  const excursion = u > mfe || u < mae ? { mfe: Math.max(mfe, u), mae: Math.min(mae, u) } : position.excursion;
  return { ...position, lastMark: mark, excursion };
}
