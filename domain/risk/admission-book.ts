import { type Paise, toRupeeString } from '../money/paise';
import { type Reason, reason } from './reasons';

/**
 * The admitted open risk: one reservation per open position or working entry. It is what makes
 * admission atomic: the commands layer holds the book under a lock (or an expected version),
 * calls `reserve`, and stores the new book with the order intent. Two plans checked against the
 * same book can both look fine; only one `reserve` after the other sees the first, and refuses a
 * second that no longer fits. `reserve` re-checks every cap itself, so the heat law (the sum of
 * reserved risk never exceeds the cap) holds whatever the caller checked before.
 */
export interface Reservation {
  readonly planId: string;
  /** `EXCHANGE:SYMBOL`. */
  readonly instrumentKey: string;
  /** Open risk in paise: |entry - stop| x quantity, then lowered as stops trail or quantity closes. */
  readonly risk: Paise;
}

export interface BookLimits {
  readonly heatCap: Paise;
  readonly maxOpenPositions: number;
  readonly maxPositionsPerInstrument: number;
}

export interface AdmissionBook {
  readonly limits: BookLimits;
  /** In admission order. */
  readonly reservations: readonly Reservation[];
}

export type BookResult =
  | { readonly ok: true; readonly book: AdmissionBook }
  | { readonly ok: false; readonly reasons: readonly Reason[] };

export function emptyBook(limits: BookLimits): AdmissionBook {
  return { limits, reservations: [] };
}

/**
 * The book as it stood, from the reservations of the plans still open (after a restart, or a
 * regained leadership): taken as they were admitted, caps not re-checked (what is open is open).
 */
export function restoredBook(limits: BookLimits, reservations: readonly Reservation[]): AdmissionBook {
  return { limits, reservations: reservations.map((r) => ({ ...r })) };
}

/** New limits (a config change); lowering them never evicts, it only blocks what no longer fits. */
export function withLimits(book: AdmissionBook, limits: BookLimits): AdmissionBook {
  return { ...book, limits };
}

/** Sum of reserved open risk. */
export function heatOf(book: AdmissionBook): Paise {
  let heat = 0;
  for (const r of book.reservations) heat += r.risk;
  return heat;
}

export function openCount(book: AdmissionBook, instrumentKey?: string): number {
  if (instrumentKey === undefined) return book.reservations.length;
  let n = 0;
  for (const r of book.reservations) if (r.instrumentKey === instrumentKey) n++;
  return n;
}

/** The heat cap reasons for adding `risk` to the book (empty when it fits). */
export function heatReasons(book: AdmissionBook, risk: Paise): Reason[] {
  const heat = heatOf(book);
  if (heat + risk <= book.limits.heatCap) return [];
  return [
    reason(
      'HEAT_CAP',
      `open heat Rs ${toRupeeString(heat)} + Rs ${toRupeeString(risk)} would exceed the heat cap Rs ${toRupeeString(book.limits.heatCap)}`,
    ),
  ];
}

/** The position-limit reasons for one more reservation on `instrumentKey` (empty when it fits). */
export function positionLimitReasons(book: AdmissionBook, instrumentKey: string): Reason[] {
  const out: Reason[] = [];
  const open = openCount(book);
  if (open >= book.limits.maxOpenPositions) {
    out.push(
      reason(
        'MAX_OPEN_POSITIONS',
        `${open} positions or working entries open, the limit is ${book.limits.maxOpenPositions}`,
      ),
    );
  }
  const here = openCount(book, instrumentKey);
  if (here >= book.limits.maxPositionsPerInstrument) {
    out.push(
      reason(
        'MAX_POSITIONS_PER_INSTRUMENT',
        `${here} open on ${instrumentKey}, the limit per instrument is ${book.limits.maxPositionsPerInstrument}`,
      ),
    );
  }
  return out;
}

/** Reserves the plan's risk, or refuses with every reason. A plan already in the book is refused (DUPLICATE_PLAN). */
export function reserve(book: AdmissionBook, r: Reservation): BookResult {
  if (book.reservations.some((x) => x.planId === r.planId)) {
    return { ok: false, reasons: [reason('DUPLICATE_PLAN', `plan ${r.planId} is already admitted`)] };
  }
  if (!Number.isSafeInteger(r.risk) || r.risk <= 0) {
    return {
      ok: false,
      reasons: [reason('PLAN_INVALID', `reserved risk must be positive whole paise, got ${r.risk}`)],
    };
  }
  const reasons = [...heatReasons(book, r.risk), ...positionLimitReasons(book, r.instrumentKey)];
  if (reasons.length > 0) return { ok: false, reasons };
  return { ok: true, book: { ...book, reservations: [...book.reservations, { ...r }] } };
}

/** Frees a plan's reservation (position closed, entry cancelled or rejected). Releasing an absent plan changes nothing. */
export function release(book: AdmissionBook, planId: string): AdmissionBook {
  if (!book.reservations.some((x) => x.planId === planId)) return book;
  return { ...book, reservations: book.reservations.filter((x) => x.planId !== planId) };
}

/**
 * Lowers a plan's reserved risk (a stop trailed towards break-even, part of the position closed).
 * Raising it is refused: more risk needs a new admission.
 */
export function reduceRisk(book: AdmissionBook, planId: string, risk: Paise): BookResult {
  const current = book.reservations.find((x) => x.planId === planId);
  if (!current) return { ok: false, reasons: [reason('UNKNOWN_RESERVATION', `plan ${planId} holds no reservation`)] };
  if (!Number.isSafeInteger(risk) || risk < 0 || risk > current.risk) {
    return {
      ok: false,
      reasons: [
        reason(
          'PLAN_INVALID',
          `risk of ${planId} can only be lowered from ${current.risk} to 0..${current.risk}, got ${risk}`,
        ),
      ],
    };
  }
  const reservations = book.reservations.map((x) => (x.planId === planId ? { ...x, risk } : x));
  return { ok: true, book: { ...book, reservations } };
}
