import type { FaultKind, FaultSpec } from './fault-spec';

/** One line of the fault log: a fault armed, or striking, and what it did. */
export interface FaultLogEntry {
  /** Simulated session time (UTC ISO). */
  readonly at: string;
  readonly kind: FaultKind;
  readonly event: 'armed' | 'struck' | 'cleared';
  readonly what: string;
}

type Counted = Extract<FaultSpec, { count: number }>;

/**
 * The counted faults armed (each used up by the calls or pushes it strikes, first armed first
 * used) and the log of every fault. Immediate faults (drop, stall, widen, reject) are carried out
 * by the simulator and only logged here.
 */
export class SimFaults {
  private armed: { spec: Counted; left: number }[] = [];
  private readonly entries: FaultLogEntry[] = [];

  constructor(
    private readonly now: () => string,
    private readonly onLog: (entry: FaultLogEntry) => void,
  ) {}

  arm(spec: Counted): void {
    this.armed.push({ spec, left: spec.count });
    this.log(spec.kind, 'armed', `${spec.count} time(s): ${JSON.stringify(spec)}`);
  }

  /** Takes one use of the first armed fault of `kind` that `matches`, logging what it does. */
  take<K extends Counted['kind']>(
    kind: K,
    what: string,
    matches: (spec: Extract<Counted, { kind: K }>) => boolean = () => true,
  ): Extract<Counted, { kind: K }> | undefined {
    const found = this.armed.find((a) => a.spec.kind === kind && matches(a.spec as Extract<Counted, { kind: K }>));
    if (!found) return undefined;
    found.left -= 1;
    if (found.left === 0) this.armed = this.armed.filter((a) => a !== found);
    this.log(kind, 'struck', what);
    return found.spec as Extract<Counted, { kind: K }>;
  }

  log(kind: FaultKind, event: FaultLogEntry['event'], what: string): void {
    const entry: FaultLogEntry = { at: this.now(), kind, event, what };
    this.entries.push(entry);
    this.onLog(entry);
  }

  clear(): void {
    for (const a of this.armed) this.log(a.spec.kind, 'cleared', `${a.left} use(s) left unused`);
    this.armed = [];
  }

  list(): { armed: { spec: FaultSpec; left: number }[]; log: FaultLogEntry[] } {
    return { armed: this.armed.map((a) => ({ spec: a.spec, left: a.left })), log: [...this.entries] };
  }
}
