import type { Pool } from 'pg';
import type { PubSub } from 'type-graphql';
import type { Checkpoint, EventStore, RecordedEvent, Subscription } from '../../commands/ports/event-store';
import { allProjections } from '../../projections';
import { decisionsOfPlans, listPositions, orderById, signalsByIds } from '../../projections/queries';
import type { ControlPort } from '../api-deps';
import { riskOf } from '../resolvers/risk-resolver';
import { eventRecordOf } from './event-record';
import { type FeedWork, feedWorkOf, projectionsByType } from './feed-work';
import { topicOf } from './topics';

export interface LiveFeedOptions {
  readonly store: Pick<EventStore, 'subscribeToAll'>;
  readonly pool: Pool;
  readonly namespace: string;
  readonly pubSub: PubSub;
  readonly control: ControlPort;
  readonly tradingDay: () => string;
  /** Orders two checkpoints of the store (negative: a before b). */
  readonly compareCheckpoints: (a: Checkpoint, b: Checkpoint) => number;
  /** Where to start (null: the namespace's first event). */
  readonly from?: Checkpoint | null;
  /** How often the read models' checkpoints are read while work waits for them (default 20 ms). */
  readonly pollMs?: number;
  readonly onError?: (err: unknown) => void;
}

/**
 * Publishes the book to the subscriptions. One process runs it (the one that trades); every API
 * instance on the same pub/sub (Redis) serves it. `events` are published as they are stored, in the
 * global order. The typed feeds (signals, decisions, orders, positions, risk) are read from the read
 * models once every projection that handles the event has applied it, so a subscriber never sees
 * a view older than the event that announced it.
 */
export class LiveFeed {
  private subscription: Subscription | null = null;
  private readonly pending: FeedWork[] = [];
  private readonly byType = projectionsByType(allProjections);
  private pump: Promise<void> | null = null;
  private stopped = false;
  private lastPositions = '';
  private lastRisk = '';
  private wake: (() => void) | null = null;

  constructor(private readonly o: LiveFeedOptions) {}

  start(): void {
    this.subscription = this.o.store.subscribeToAll({
      from: this.o.from ?? null,
      filter: { streamPrefixes: [`${this.o.namespace}:`] },
      handler: (events) => this.onEvents(events),
      onError: (err) => this.o.onError?.(err),
    });
    this.pump = this.runPump();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.subscription?.stop();
    await this.pump;
  }

  private topic(kind: Parameters<typeof topicOf>[1]): string {
    return topicOf(this.o.namespace, kind);
  }

  private onEvents(events: RecordedEvent[]): void {
    for (const e of events) {
      this.o.pubSub.publish(this.topic('events'), eventRecordOf(e));
      const work = feedWorkOf(e, this.byType);
      if (work) this.pending.push(work);
    }
    this.wake?.();
  }

  private async runPump(): Promise<void> {
    while (!this.stopped) {
      if (this.pending.length === 0) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        this.wake = null;
        continue;
      }
      try {
        const ready = await this.takeReady();
        if (ready.length > 0) await this.publish(ready);
        else await new Promise((r) => setTimeout(r, this.o.pollMs ?? 20));
      } catch (err) {
        this.o.onError?.(err);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /** The leading pending work whose projections have all applied it (kept in order). */
  private async takeReady(): Promise<FeedWork[]> {
    const { rows } = await this.o.pool.query<{ projection: string; checkpoint: string | null }>(
      `SELECT projection, checkpoint FROM projection_checkpoints WHERE target = 'live'`,
    );
    const at = new Map(rows.map((r) => [r.projection, r.checkpoint]));
    let n = 0;
    for (const w of this.pending) {
      const applied = w.waitFor.every((p) => {
        const cp = at.get(p);
        return cp !== null && cp !== undefined && this.o.compareCheckpoints(cp, w.position) >= 0;
      });
      if (!applied) break;
      n += 1;
    }
    return this.pending.splice(0, n);
  }

  private async publish(ready: readonly FeedWork[]): Promise<void> {
    const { pool, namespace: ns, pubSub } = this.o;
    const signalIds = [...new Set(ready.flatMap((w) => w.signalIds))];
    if (signalIds.length > 0)
      for (const s of await signalsByIds(pool, ns, signalIds)) if (s) pubSub.publish(this.topic('signals'), s);
    const planIds = [...new Set(ready.flatMap((w) => (w.planId ? [w.planId] : [])))];
    if (planIds.length > 0)
      for (const d of await decisionsOfPlans(pool, ns, planIds)) if (d) pubSub.publish(this.topic('decisions'), d);
    const orderIds = [...new Set(ready.flatMap((w) => (w.clientOrderId ? [w.clientOrderId] : [])))];
    for (const id of orderIds) {
      const o = await orderById(pool, ns, id);
      if (o) pubSub.publish(this.topic('orders'), o);
    }
    const day = this.o.tradingDay();
    if (ready.some((w) => w.positions)) {
      const positions = await listPositions(pool, { namespace: ns, tradingDay: day });
      const json = JSON.stringify(positions);
      if (json !== this.lastPositions) {
        this.lastPositions = json;
        pubSub.publish(this.topic('positions'), positions);
      }
    }
    if (ready.some((w) => w.risk)) {
      const risk = await riskOf(pool, ns, this.o.control, day);
      const json = JSON.stringify(risk);
      if (json !== this.lastRisk) {
        this.lastRisk = json;
        pubSub.publish(this.topic('risk'), risk);
      }
    }
  }
}
