/**
 * The crash points the drill names (issue 3's list, plus the rest): each boundary falls in one.
 * - before-commit: a commit of several streams at once (a group's opening with its entries'
 *   intents) decided, not yet stored (the one commit before an entry's broker call);
 * - after-intent-before-broker: an intent (submit, cancel, modify) is recorded, the broker not yet called;
 * - after-broker-before-event: the broker call returned, its answer is not recorded;
 * - after-fill-before-children: an entry fill is recorded, its protective orders are not at the broker;
 * - during-sibling-cancel: the cancel of a group's other orders after an exit leg filled (or a basket exit);
 * - during-flatten: anything while the kill switch flattens;
 * - during-recovery: anything a restarted process does while it recovers (a second crash);
 * - after-event-committed: any other append (acknowledgements, triggers, fills of exits, closes).
 */
export const CRASH_POINTS = [
  'before-commit',
  'after-intent-before-broker',
  'after-broker-before-event',
  'after-fill-before-children',
  'during-sibling-cancel',
  'during-flatten',
  'during-recovery',
  'after-event-committed',
] as const;

export type CrashPoint = (typeof CRASH_POINTS)[number];

/** The points issue 3 names: a drill that never crashed at one of them has not done its job. */
export const REQUIRED_POINTS: readonly CrashPoint[] = [
  'before-commit',
  'after-intent-before-broker',
  'after-broker-before-event',
  'after-fill-before-children',
  'during-sibling-cancel',
  'during-flatten',
];

/**
 * Where a process can die: after an append commits, before a commit of several streams at once,
 * before a broker call, after it returns.
 */
export type BoundaryKind = 'append' | 'before-commit' | 'before-broker' | 'after-broker';

/** What kind of scenario step is running. */
export type StepKind = 'open' | 'tick' | 'flatten' | 'settle' | 'recover';

export interface BoundaryFacts {
  readonly kind: BoundaryKind;
  readonly step: StepKind;
  /** Broker calls: the method. */
  readonly method?: 'placeOrder' | 'cancelOrder' | 'modifyOrder';
  /** Appends: a fill of an entry is among the events (recorded in its order, or observed by its group). */
  readonly entryFill?: boolean;
  /** Appends: a cancel is among the events (asked for, or confirmed). */
  readonly cancel?: boolean;
}

/** The named point a boundary falls in (first match in the order of CRASH_POINTS, flatten first). */
export function crashPointOf(f: BoundaryFacts): CrashPoint {
  if (f.step === 'flatten') return 'during-flatten';
  if (f.step === 'recover') return 'during-recovery';
  if (f.kind === 'before-commit') return 'before-commit';
  if (f.kind === 'append') {
    if (f.entryFill) return 'after-fill-before-children';
    return f.cancel && f.step === 'tick' ? 'during-sibling-cancel' : 'after-event-committed';
  }
  if (f.method === 'cancelOrder' && f.step === 'tick') return 'during-sibling-cancel';
  return f.kind === 'before-broker' ? 'after-intent-before-broker' : 'after-broker-before-event';
}
