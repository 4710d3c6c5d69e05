import type { BoundaryKind, CrashPoint, StepKind } from './crash-points';

/** One step boundary of a run, numbered from 1 in the order they are passed. */
export interface Boundary {
  readonly n: number;
  /** Its place among the boundaries of the same step, kind and what (1 for the first). */
  readonly occurrence: number;
  readonly kind: BoundaryKind;
  /** The scenario step running when it was passed, e.g. `tick 3 (T1 hit)`. */
  readonly step: string;
  /** What was committed or called, e.g. `order ENTRY: OrderPartiallyFilled`, `cancelOrder STOP`. */
  readonly what: string;
  readonly point: CrashPoint;
}

/** The simulated death of a process: thrown at the chosen boundary, and by every call it makes after. */
export class Crash extends Error {
  constructor(readonly boundary: Boundary | null) {
    super(boundary ? `crash at boundary ${boundary.n}: ${boundary.kind} ${boundary.what}` : 'the process is dead');
    this.name = 'Crash';
  }
}

export function isCrash(err: unknown): err is Crash {
  return err instanceof Crash;
}

/**
 * Where to crash: the `occurrence`-th boundary of one step, kind and what. Concurrent work (four
 * legs' updates, several groups flattened at once) interleaves differently from run to run, so a
 * boundary's number is not stable; what it is, within its step, is.
 */
export interface CrashTarget {
  readonly key: string;
  readonly occurrence: number;
}

export function boundaryKey(b: Pick<Boundary, 'step' | 'kind' | 'what'>): string {
  return `${b.step} | ${b.kind} | ${b.what}`;
}

export function targetOf(b: Boundary): CrashTarget {
  return { key: boundaryKey(b), occurrence: b.occurrence };
}

/**
 * Counts the step boundaries one process passes and kills it at the target (null: never).
 * Once dead, every call through the process's store and broker throws a Crash, so nothing it had
 * in flight (watcher handlers, concurrent group commands) reaches the store or the broker again.
 */
export class CrashSwitch {
  private passed = 0;
  private deadAt: Boundary | null = null;
  private dead = false;
  private readonly seen: Boundary[] = [];
  private readonly onDeath: Array<() => void> = [];
  private readonly occurrences = new Map<string, number>();

  /** The scenario step running now (the driver sets it): boundaries are labelled with it. */
  step: { readonly label: string; readonly kind: StepKind } = { label: 'start', kind: 'open' };

  constructor(private readonly target: CrashTarget | null) {}

  get isDead(): boolean {
    return this.dead;
  }

  /** The boundary the process died at, once it has. */
  get crash(): Boundary | null {
    return this.deadAt;
  }

  /** Every boundary passed so far, the fatal one included. */
  get boundaries(): readonly Boundary[] {
    return this.seen;
  }

  /** Called once when the process dies (e.g. to detach its listeners). */
  whenDead(f: () => void): void {
    this.onDeath.push(f);
  }

  /**
   * Dies now, outside any boundary (the fault drill's restart): nothing the process had in flight
   * reaches the store or the broker again.
   */
  kill(): void {
    if (this.dead) return;
    this.dead = true;
    for (const f of this.onDeath) f();
  }

  /** Throws when the process is dead. */
  alive(): void {
    if (this.dead) throw new Crash(null);
  }

  /** Passes one boundary: throws a Crash (and the process is dead from then on) when it is the chosen one. */
  pass(b: Omit<Boundary, 'n' | 'occurrence' | 'step'>): void {
    this.alive();
    const key = boundaryKey({ ...b, step: this.step.label });
    const occurrence = (this.occurrences.get(key) ?? 0) + 1;
    this.occurrences.set(key, occurrence);
    const boundary: Boundary = { n: ++this.passed, occurrence, step: this.step.label, ...b };
    this.seen.push(boundary);
    if (key !== this.target?.key || occurrence !== this.target.occurrence) return;
    this.dead = true;
    this.deadAt = boundary;
    for (const f of this.onDeath) f();
    throw new Crash(boundary);
  }
}
