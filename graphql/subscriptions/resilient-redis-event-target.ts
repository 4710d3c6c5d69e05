import { setMaxListeners } from 'node:events';
import type { Redis } from 'ioredis';

type Listener = (event: Event) => void;
type ListenerOrObject = Listener | { handleEvent: Listener } | null;

/** What the fan-out is doing now, for readiness and logs. */
export interface FanoutState {
  /** `redis`: across every instance on the Redis; `local`: Redis unreachable, this instance's subscribers only. */
  readonly mode: 'redis' | 'local';
  /** Why it is local (the last Redis error), null while on Redis. */
  readonly reason: string | null;
  /** Events published while Redis was unreachable (delivered here only). */
  readonly deliveredLocally: number;
}

/**
 * A Redis-backed event target for GraphQL subscriptions that an outage of Redis cannot kill:
 * every Redis call's failure is caught (the stock target leaves publish and subscribe promises
 * unhandled, and one rejected publish ends the process). While Redis is unreachable the fan-out
 * falls back to this instance's own subscribers (what other instances would have received is not
 * theirs to get until Redis returns) and says why; when Redis is back (ioredis reconnects by
 * itself) the topics are subscribed again and events go through Redis once more.
 */
export class ResilientRedisEventTarget {
  private readonly callbacks = new Map<string, Set<Listener>>();
  private readonly local = new EventTarget();
  private up: boolean;
  private reason: string | null = null;
  private deliveredLocally = 0;

  constructor(
    private readonly publishClient: Redis,
    private readonly subscribeClient: Redis,
    private readonly onChange: (s: FanoutState) => void = () => undefined,
  ) {
    setMaxListeners(0, this.local);
    this.up = publishClient.status === 'ready' && subscribeClient.status === 'ready';
    subscribeClient.on('message', (channel: string, message: string) => this.deliver(channel, message));
    for (const client of [publishClient, subscribeClient]) {
      client.on('error', (err: Error) => this.down(err.message));
      client.on('close', () => this.down('the connection to Redis closed'));
      client.on('ready', () => this.ready());
    }
  }

  get state(): FanoutState {
    return { mode: this.up ? 'redis' : 'local', reason: this.reason, deliveredLocally: this.deliveredLocally };
  }

  addEventListener(topic: string, callbackOrOptions: ListenerOrObject): void {
    const callback = listenerOf(callbackOrOptions);
    if (!callback) return;
    let set = this.callbacks.get(topic);
    if (!set) {
      set = new Set();
      this.callbacks.set(topic, set);
      this.subscribeClient.subscribe(topic).catch((err: unknown) => this.down(messageOf(err)));
    }
    set.add(callback);
  }

  removeEventListener(topic: string, callbackOrOptions: ListenerOrObject): void {
    const callback = listenerOf(callbackOrOptions);
    const set = callback ? this.callbacks.get(topic) : undefined;
    if (!set || !callback) return;
    set.delete(callback);
    if (set.size > 0) return;
    this.callbacks.delete(topic);
    this.subscribeClient.unsubscribe(topic).catch(() => undefined);
  }

  dispatchEvent(event: Event): boolean {
    const detail = (event as CustomEvent).detail;
    const message = detail === undefined ? '' : JSON.stringify(detail);
    if (!this.up) {
      this.deliverLocally(event.type, message);
      return true;
    }
    this.publishClient.publish(event.type, message).catch((err: unknown) => {
      this.down(messageOf(err));
      this.deliverLocally(event.type, message);
    });
    return true;
  }

  private deliverLocally(topic: string, message: string): void {
    this.deliveredLocally += 1;
    this.deliver(topic, message);
  }

  private deliver(topic: string, message: string): void {
    const set = this.callbacks.get(topic);
    if (!set) return;
    const event = new CustomEvent(topic, { detail: message === '' ? null : JSON.parse(message) });
    for (const callback of [...set]) callback(event);
  }

  private down(reason: string): void {
    const was = this.up;
    this.up = false;
    this.reason = `Redis unreachable: ${reason}`;
    if (was) this.onChange(this.state);
  }

  private ready(): void {
    if (this.publishClient.status !== 'ready' || this.subscribeClient.status !== 'ready') return;
    const topics = [...this.callbacks.keys()];
    const resubscribed = topics.length > 0 ? this.subscribeClient.subscribe(...topics) : Promise.resolve(0);
    resubscribed.then(
      () => {
        const was = this.up;
        this.up = true;
        this.reason = null;
        if (!was) this.onChange(this.state);
      },
      (err: unknown) => this.down(messageOf(err)),
    );
  }
}

function listenerOf(l: ListenerOrObject): Listener | null {
  if (l === null) return null;
  return typeof l === 'function' ? l : (e) => l.handleEvent(e);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
