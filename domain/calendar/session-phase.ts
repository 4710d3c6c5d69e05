/**
 * Where an instant falls in the IST trading day.
 * - CLOSED: not a trading day, before pre-open, or from the close on.
 * - PRE_OPEN: from pre-open (09:00) to the open (09:15).
 * - OPEN: the regular market, 09:15 to 15:20; new entries allowed.
 * - TIGHTEN: from 15:20; stops tighten, no new entries.
 * - FLATTEN: from 15:25 to the close; everything is closed and nothing may stay open.
 */
export type SessionPhase = 'CLOSED' | 'PRE_OPEN' | 'OPEN' | 'TIGHTEN' | 'FLATTEN';

/** New entries are allowed only in the regular market before the EOD cut-off. */
export function phaseAllowsEntries(phase: SessionPhase): boolean {
  switch (phase) {
    case 'OPEN':
      return true;
    case 'CLOSED':
    case 'PRE_OPEN':
    case 'TIGHTEN':
    case 'FLATTEN':
      return false;
    default: {
      const never: never = phase;
      throw new Error(`unknown session phase ${String(never)}`);
    }
  }
}

/** Positions must be brought flat (and working orders cancelled) in this phase. */
export function phaseRequiresFlat(phase: SessionPhase): boolean {
  switch (phase) {
    case 'FLATTEN':
      return true;
    case 'CLOSED':
    case 'PRE_OPEN':
    case 'OPEN':
    case 'TIGHTEN':
      return false;
    default: {
      const never: never = phase;
      throw new Error(`unknown session phase ${String(never)}`);
    }
  }
}
