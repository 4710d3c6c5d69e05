/**
 * The burn-in gates' thresholds that depend on the universe traded (SPEC.md "Operations"). The
 * seed plan's defaults assume a broad universe; a day of two recorded instruments cannot reach
 * them, so a burn-in over such days sets its own, and the report says which applied.
 */
export interface GateThresholds {
  readonly minSignals: number;
  readonly minApprovedDecisions: number;
  readonly minCompleteOcoLifecycles: number;
}

/** The seed plan's: >= 50 signals, >= 3 decisions, >= 1 complete OCO lifecycle. */
export const SEED_GATE_THRESHOLDS: GateThresholds = {
  minSignals: 50,
  minApprovedDecisions: 3,
  minCompleteOcoLifecycles: 1,
};
