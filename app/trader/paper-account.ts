import { existsSync, readFileSync } from 'node:fs';
import { PaperBroker, type PaperBrokerDeps } from '../../adapters/paper-broker/paper-broker';
import type { Broker } from '../../commands/ports/broker';
import { writeFileAtomic } from './trader-day-book';

/**
 * The trader's paper account, persisted: restored from its file at start, written whole after
 * every order call and every tick batch (before the order updates they caused reach the event
 * store), so a restart, even after kill -9, finds at least every order and fill the events know.
 */
export class PaperAccount {
  private changed = false;

  private constructor(
    readonly broker: PaperBroker,
    private readonly path: string,
    readonly restored: boolean,
  ) {
    // Fills and other order changes come as updates, synchronously within the call that made them.
    broker.onOrderUpdate(() => {
      this.changed = true;
    });
  }

  static open(path: string, deps: PaperBrokerDeps): PaperAccount {
    if (existsSync(path))
      return new PaperAccount(PaperBroker.restore(JSON.parse(readFileSync(path, 'utf8')), deps), path, true);
    const a = new PaperAccount(new PaperBroker(deps), path, false);
    a.save();
    return a;
  }

  /** Saves when an order changed since the last save (a tick batch that filled or triggered something). */
  saveIfChanged(): void {
    if (this.changed) this.save();
  }

  save(): void {
    this.changed = false;
    writeFileAtomic(this.path, JSON.stringify(this.broker.snapshot()));
  }

  /** The broker port over the account: each placement, modification and cancel is saved before it returns. */
  persisting(): Broker {
    const b = this.broker;
    const saved = async <T>(call: () => Promise<T>): Promise<T> => {
      try {
        return await call();
      } finally {
        this.save();
      }
    };
    return {
      placeOrder: (r) => saved(() => b.placeOrder(r)),
      modifyOrder: (id, c) => saved(() => b.modifyOrder(id, c)),
      cancelOrder: (id) => saved(() => b.cancelOrder(id)),
      orders: () => b.orders(),
      trades: () => b.trades(),
      positions: () => b.positions(),
      onOrderUpdate: (l) => b.onOrderUpdate(l),
    };
  }
}
