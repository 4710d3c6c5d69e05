import { PaperBroker, type PaperBrokerDeps } from '../../adapters/paper-broker/paper-broker';
import { type Broker, BrokerError, type BrokerOrder, type OrderUpdateListener } from '../../commands/ports/broker';
import type { PaperAccounts } from '../../commands/ports/paper-accounts';
import { StaleWriteError } from '../../commands/ports/stale-write-error';

export interface PaperAccountOptions {
  /** Whether this copy may be written now (default always): a follower's copy is read-only. */
  readonly writable?: () => boolean;
  /** A save no call awaited failed (an update the broker emitted on its own timer). */
  readonly onError?: (err: unknown) => void;
}

/**
 * The trader's paper account: the paper broker's state, kept in the shared store (PostgreSQL), so
 * that a restart, or another instance taking the book over, finds every order and fill.
 *
 * Write-ahead: the broker's order updates (placements, fills, cancels) are held back, the account
 * is saved, and only then are they handed on (to the order watcher, and so to the event store): the
 * event store never knows a fill the account does not. Saves are optimistic: a save from a copy
 * another instance has written over since is refused (StaleWriteError); this copy is then fenced
 * (its updates dropped, its order calls refused as UNKNOWN: they reached no broker anyone else
 * sees) until it is reloaded, as the leader does each time it gains the lock.
 */
export class PaperAccount {
  private current: PaperBroker;
  private version: number;
  private offCurrent: () => void = () => undefined;
  private held: BrokerOrder[] = [];
  private changed = false;
  private flushQueued = false;
  private chain: Promise<void> = Promise.resolve();
  private fence: StaleWriteError | null = null;
  /** Changes were dropped from this copy (made while it could not be written): it is not the stored book. */
  private diverged = false;
  private readonly listeners = new Set<OrderUpdateListener>();

  private constructor(
    private readonly accounts: PaperAccounts,
    readonly namespace: string,
    private readonly deps: PaperBrokerDeps,
    broker: PaperBroker,
    version: number,
    /** True when the account existed before this start (a restart, or another instance's). */
    readonly restored: boolean,
    private readonly options: PaperAccountOptions,
  ) {
    this.current = broker;
    this.version = version;
    this.attach(broker);
  }

  /** The namespace's account from the store, made (empty) when there is none yet. */
  static async open(
    accounts: PaperAccounts,
    namespace: string,
    deps: PaperBrokerDeps,
    options: PaperAccountOptions = {},
  ): Promise<PaperAccount> {
    const fresh = new PaperBroker(deps);
    const stored = await accounts.create(namespace, fresh.snapshot());
    const broker = stored.created ? fresh : PaperBroker.restore(stored.snapshot, deps);
    return new PaperAccount(accounts, namespace, deps, broker, stored.version, !stored.created, options);
  }

  /** The paper broker of this copy of the account (fills on ticks; reads of the book). */
  get broker(): PaperBroker {
    return this.current;
  }

  /** The stored version this copy was read or last written at. */
  get storedVersion(): number {
    return this.version;
  }

  /** Why this copy is fenced (another instance wrote the account since it was read), or null. */
  get fenced(): StaleWriteError | null {
    return this.fence;
  }

  /**
   * Replaces this copy with the stored account (what the leader wrote last): a follower gaining the
   * lock trades the book as it is, not the copy it read at its start. Updates this copy held back and
   * never saved are dropped.
   */
  async reload(): Promise<void> {
    await this.enqueue(async () => {
      const stored = await this.accounts.load(this.namespace);
      if (!stored) throw new Error(`paper account ${this.namespace} is not in the store`);
      const broker = PaperBroker.restore(stored.snapshot, this.deps);
      this.offCurrent();
      this.current = broker;
      this.version = stored.version;
      this.held = [];
      this.changed = false;
      this.fence = null;
      this.diverged = false;
      this.attach(broker);
    });
  }

  /** Saves when an order changed since the last save, then hands its updates on. */
  saveIfChanged(): Promise<void> {
    // A save already queued by the updates themselves covers them: wait for it rather than write twice.
    return this.changed && !this.flushQueued ? this.save() : this.chain;
  }

  /** Saves this copy now (refused when stale), then hands on the updates held back. */
  save(): Promise<void> {
    return this.enqueue(() => this.flush());
  }

  /** The broker port over the account: each placement, modification and cancel is saved before it returns. */
  persisting(): Broker {
    const saved = async <T>(call: (b: PaperBroker) => Promise<T>): Promise<T> => {
      if (this.fence) throw fencedError(this.fence);
      if (this.options.writable?.() === false)
        throw new BrokerError(
          'RETRYABLE',
          'PAPER_ACCOUNT_READ_ONLY',
          'this instance does not hold the book: nothing sent',
        );
      let result: { value: T } | { error: unknown };
      try {
        result = { value: await call(this.current) };
      } catch (error) {
        result = { error };
      }
      try {
        await this.save();
      } catch (err) {
        if (err instanceof StaleWriteError) throw fencedError(err);
        // The call reached only this copy, which is not (or no longer) the book: unknown, as a timeout.
        if (err instanceof ReadOnlyCopyError)
          throw new BrokerError('UNKNOWN', 'PAPER_ACCOUNT_READ_ONLY', `the lock was lost meanwhile: ${err.message}`);
        throw new BrokerError('UNKNOWN', 'PAPER_ACCOUNT_NOT_SAVED', `paper account not saved: ${String(err)}`);
      }
      if ('error' in result) throw result.error;
      return result.value;
    };
    return {
      placeOrder: (r) => saved((b) => b.placeOrder(r)),
      modifyOrder: (id, c) => saved((b) => b.modifyOrder(id, c)),
      cancelOrder: (id) => saved((b) => b.cancelOrder(id)),
      orders: () => this.current.orders(),
      trades: () => this.current.trades(),
      positions: () => this.current.positions(),
      onOrderUpdate: (l) => {
        this.listeners.add(l);
        return () => {
          this.listeners.delete(l);
        };
      },
    };
  }

  private attach(broker: PaperBroker): void {
    this.offCurrent = broker.onOrderUpdate((o) => {
      if (broker !== this.current || this.fence) return; // a fenced copy's changes reach no one
      this.held.push(o);
      this.changed = true;
      // An update no call of ours awaits (an order going live on the broker's own timer) is saved too.
      if (!this.flushQueued) {
        this.flushQueued = true;
        void this.enqueue(() => this.flush()).catch((err) => {
          if (!(err instanceof ReadOnlyCopyError)) this.options.onError?.(err);
        });
      }
    });
  }

  private async flush(): Promise<void> {
    this.flushQueued = false;
    if (this.fence) throw this.fence;
    if (this.diverged || this.options.writable?.() === false) {
      // A copy that is not the book (a follower's, or a leader's that lost the lock): its changes are
      // no one's and are dropped; once it dropped some it is never written (a reload replaces it), and
      // the call that made them fails rather than pass as saved.
      if (this.held.length > 0) this.diverged = true;
      this.held = [];
      this.changed = false;
      if (this.diverged) throw new ReadOnlyCopyError('this copy changed while it was not the book: reload it');
      return;
    }
    const snapshot = this.current.snapshot(); // settles what is due first: its updates join `held`
    const updates = this.held;
    this.held = [];
    this.changed = false;
    try {
      this.version = await this.accounts.save(this.namespace, snapshot, this.version);
    } catch (err) {
      if (err instanceof StaleWriteError)
        this.fence = err; // another instance owns the book now: drop them
      else {
        this.held = [...updates, ...this.held]; // not saved: kept back for the next save
        this.changed = true;
      }
      throw err;
    }
    for (const u of updates)
      for (const l of this.listeners) {
        try {
          l(u);
        } catch (err) {
          this.options.onError?.(err);
        }
      }
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.chain.then(step);
    this.chain = run.catch(() => undefined);
    return run;
  }
}

/** Changes made on a copy that may not be written (this instance does not hold the book). */
class ReadOnlyCopyError extends Error {}

function fencedError(err: StaleWriteError): BrokerError {
  return new BrokerError('UNKNOWN', 'STALE_PAPER_ACCOUNT', err.message);
}
