import type { KiteTickMode } from '../../adapters/kite/kite-tick';
import type { TickerLike } from '../../adapters/kite/ticker-like';

type Event = 'connect' | 'disconnect' | 'error' | 'message' | 'order_update';

/** A stand-in for KiteTicker: records what the session asks of it and lets the test fire its events. */
export class FakeTicker implements TickerLike {
  readonly calls: string[] = [];
  autoReconnectOn = true; // the library's default, module-global
  private readonly handlers = new Map<Event, Array<(...args: never[]) => void>>();
  private open = false;

  on(event: Event, listener: (...args: never[]) => void): void {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), listener]);
  }
  emit(event: Event, ...args: unknown[]): void {
    if (event === 'connect') this.open = true;
    if (event === 'disconnect') this.open = false;
    for (const h of this.handlers.get(event) ?? []) (h as (...a: unknown[]) => void)(...args);
  }
  connect(): void {
    if (this.autoReconnectOn) throw new Error('connect() with the library auto-reconnect on');
    this.calls.push('connect');
  }
  disconnect(): void {
    if (this.autoReconnectOn) throw new Error('disconnect() with auto-reconnect on would process.exit(1)');
    this.calls.push('disconnect');
  }
  connected(): boolean {
    return this.open;
  }
  subscribe(tokens: number[]): number[] {
    this.calls.push(`subscribe ${tokens.join(',')}`);
    return tokens;
  }
  unsubscribe(tokens: number[]): number[] {
    this.calls.push(`unsubscribe ${tokens.join(',')}`);
    return tokens;
  }
  setMode(mode: KiteTickMode, tokens: number[]): number[] {
    this.calls.push(`mode ${mode} ${tokens.join(',')}`);
    return tokens;
  }
  autoReconnect(enable: boolean): void {
    this.autoReconnectOn = enable;
  }
  setAccessToken(token: string): void {
    this.calls.push(`token ${token}`);
  }
  connects(): number {
    return this.calls.filter((c) => c === 'connect').length;
  }
}
