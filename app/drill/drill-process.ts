import type { Broker, PlaceOrderRequest } from '../../commands/ports/broker';
import type { Clock } from '../../commands/ports/clock';
import type { EventStore } from '../../commands/ports/event-store';
import { createTradingEngine } from '../../commands/trading/create-engine';
import { OrderWatcher } from '../../commands/trading/order-watcher';
import type { TradingAlert } from '../../commands/trading/trading-context';
import type { TradingEngine } from '../../commands/trading/trading-engine';
import { CrashSwitch, type CrashTarget, isCrash } from './crash-switch';
import { CrashingBroker } from './crashing-broker';
import { CrashingEventStore } from './crashing-event-store';

/** What a process reported while alive that the drill counts against it. */
export interface ProcessTrouble {
  readonly alerts: TradingAlert[];
  /** Errors the order watcher caught (a live process should have none). */
  readonly watcherErrors: string[];
}

/**
 * One trading process of a drill run: an engine over fresh aggregate caches and its order watcher,
 * reaching the shared store and the paper broker through crashing wrappers. `kill` is what a dead
 * process leaves behind: its calls in flight land (or not), and nothing of it runs after.
 */
export class DrillProcess {
  readonly crash: CrashSwitch;
  readonly engine: TradingEngine;
  readonly watcher: OrderWatcher;
  readonly trouble: ProcessTrouble = { alerts: [], watcherErrors: [] };
  private readonly store: CrashingEventStore;
  private readonly broker: CrashingBroker;

  constructor(deps: {
    store: EventStore;
    broker: Broker;
    clock: Clock;
    namespace: string;
    /** Boundary to die at; null: this process never crashes. */
    crashAt: CrashTarget | null;
    tags: Map<string, string>;
    /** Told of every placement this process is about to send. */
    sending?: (request: PlaceOrderRequest) => void;
  }) {
    this.crash = new CrashSwitch(deps.crashAt);
    this.store = new CrashingEventStore(deps.store, this.crash);
    this.broker = new CrashingBroker(deps.broker, this.crash, deps.tags, deps.sending);
    this.engine = createTradingEngine({
      store: this.store,
      broker: this.broker,
      clock: deps.clock,
      namespace: deps.namespace,
      retry: { maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0 },
      onAlert: (a) => {
        if (!this.crash.isDead) this.trouble.alerts.push(a);
      },
    });
    this.watcher = new OrderWatcher(this.engine, {
      onError: (e) => {
        if (!isCrash(e) && !this.crash.isDead) this.trouble.watcherErrors.push(String(e));
      },
    });
    this.watcher.start();
  }

  /** Runs one piece of work; a Crash (this process dying) is swallowed: the caller looks at `crash.isDead`. */
  async run(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (err) {
      if (!isCrash(err) && !this.crash.isDead) throw err;
    }
    await this.watcher.idle();
  }

  /** After death: waits until nothing of this process is still under way. */
  async remains(): Promise<void> {
    this.watcher.stop();
    await this.watcher.idle();
    await this.store.inFlight.settled();
    await this.broker.inFlight.settled();
  }
}
