/**
 * The faults a real broker (and a real network to the event store) inflicts without crashing the
 * process, as the fault drill injects them: one fault per run, at one point (the n-th call,
 * update or append of its kind).
 */
export const FAULT_KINDS = [
  /** A placement times out before the broker took it: nothing exists there. */
  'timeout-before-accept',
  /** A placement times out after the broker took it: the order exists, the answer is lost. */
  'timeout-after-accept',
  /** A commit to the event store is stored but its acknowledgement lost (the call fails). */
  'lost-commit-ack',
  /** An order update never arrives (Kite's pushes are best effort). */
  'lost-update',
  /** An order update arrives twice. */
  'duplicated-update',
  /** An order update arrives after the one that followed it. */
  'reordered-update',
  /** A modification's confirmation is lost and the order's next fill arrives against it. */
  'modify-crossing-fill',
  /** A cancel is refused (the order just filled, or is being processed): the engine must retry or settle. */
  'cancel-refused-filled',
  /** The kill switch engaged while a scan's first plan is being placed. */
  'kill-switch-mid-scan',
  /** A flatten requested while a scan's first plan is being placed. */
  'flatten-mid-scan',
  /** A placement timed out before the broker, then the process restarts before anything settled it. */
  'restart-mid-fault',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** What a fault's point counts. */
export type FaultCounter = 'place' | 'modify' | 'cancel' | 'update' | 'append' | 'entry';

export function counterOf(kind: FaultKind): FaultCounter {
  switch (kind) {
    case 'timeout-before-accept':
    case 'timeout-after-accept':
    case 'restart-mid-fault':
      return 'place';
    case 'lost-commit-ack':
      return 'append';
    case 'lost-update':
    case 'duplicated-update':
    case 'reordered-update':
      return 'update';
    case 'modify-crossing-fill':
      return 'modify';
    case 'cancel-refused-filled':
      return 'cancel';
    case 'kill-switch-mid-scan':
    case 'flatten-mid-scan':
      return 'entry';
    default: {
      const never: never = kind;
      throw new Error(`unknown fault ${String(never)}`);
    }
  }
}

/** One fault to inject: its kind, at the n-th (from 1) occurrence of what it counts. */
export interface FaultPlan {
  readonly kind: FaultKind;
  readonly at: number;
}
