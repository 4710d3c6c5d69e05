import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { KiteIssue } from '../../adapters/kite/kite-issue';
import type { KiteTick } from '../../adapters/kite/kite-tick';
import type { TickerLike } from '../../adapters/kite/ticker-like';
import { KiteTickerSession, safeText, type TickerSessionState } from '../../adapters/kite/ticker-session';
import { FakeTicker } from '../support/fake-ticker';

const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures/kite');
const frame = (name: string): ArrayBuffer => {
  const b = readFileSync(path.join(FIXTURES, name));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
};

function setup(options: { maxAttempts?: number } = {}) {
  const ticker = new FakeTicker();
  const issues: KiteIssue[] = [];
  const states: TickerSessionState[] = [];
  const session = new KiteTickerSession(ticker, {
    onIssue: (i) => issues.push(i),
    initialDelayMs: 1000,
    maxDelayMs: 8000,
    connectTimeoutMs: 15000,
    ...options,
  });
  session.onState((s) => states.push(s));
  return { ticker, session, issues, states };
}

describe('Kite ticker session', () => {
  let exit: jest.SpyInstance;
  beforeEach(() => {
    jest.useFakeTimers();
    exit = jest.spyOn(process, 'exit').mockImplementation((() => {
      throw new Error('process.exit called');
    }) as never);
  });
  afterEach(() => {
    expect(exit).not.toHaveBeenCalled();
    exit.mockRestore();
    jest.useRealTimers();
  });

  it("switches the library's auto-reconnect off before connecting", () => {
    const { ticker, session } = setup();
    session.start();
    expect(ticker.autoReconnectOn).toBe(false);
    expect(ticker.calls).toEqual(['connect']);
    expect(session.state).toBe('connecting');
  });

  it('takes a new access token: the live connection is dropped and made again with it, subscriptions and all', () => {
    const { ticker, session } = setup();
    session.subscribe([884737], 'full');
    session.start();
    ticker.emit('connect');
    ticker.calls.length = 0;
    session.useAccessToken('new-token');
    expect(ticker.calls).toEqual(['token new-token', 'disconnect']);
    expect(session.state).toBe('waiting');
    ticker.emit('disconnect'); // the library's own event for that close: no second reconnect
    jest.advanceTimersByTime(1000);
    expect(ticker.calls).toEqual(['token new-token', 'disconnect', 'connect']);
    ticker.emit('connect');
    expect(ticker.calls.slice(3)).toEqual(['subscribe 884737', 'mode full 884737']);
    expect(session.state).toBe('connected');
  });

  it('a session backing off connects at once with a new access token', () => {
    const { ticker, session } = setup();
    session.start();
    ticker.emit('disconnect'); // the old token refused: backing off
    expect(session.state).toBe('waiting');
    session.useAccessToken('after-login');
    expect(session.state).toBe('connecting');
    expect(ticker.calls).toEqual(['connect', 'token after-login', 'connect']);
    jest.advanceTimersByTime(1_500); // past the backoff's delay: no other attempt meanwhile
    expect(ticker.connects()).toBe(2);
    ticker.emit('connect');
    expect(session.state).toBe('connected');
  });

  it('a session that gave up starts again on a new access token', () => {
    const { ticker, session } = setup({ maxAttempts: 1 });
    session.start();
    ticker.emit('disconnect');
    jest.advanceTimersByTime(1000);
    ticker.emit('disconnect');
    expect(session.state).toBe('gave-up');
    session.useAccessToken('after-login');
    expect(session.state).toBe('connecting');
    expect(ticker.calls.slice(-2)).toEqual(['token after-login', 'connect']);
  });

  it('subscribes every token in its mode on connect, and again after a reconnect', () => {
    const { ticker, session } = setup();
    session.subscribe([884737, 408065], 'full');
    session.subscribe([256265], 'ltp');
    session.start();
    ticker.emit('connect');
    const firstSubscription = ['subscribe 884737,408065,256265', 'mode full 884737,408065', 'mode ltp 256265'];
    expect(ticker.calls).toEqual(['connect', ...firstSubscription]);

    ticker.calls.length = 0;
    ticker.emit('disconnect');
    jest.advanceTimersByTime(1000);
    ticker.emit('connect');
    expect(ticker.calls).toEqual(['connect', ...firstSubscription]);
  });

  it('sends new subscriptions at once when connected, and only remembers them when not', () => {
    const { ticker, session } = setup();
    session.subscribe([1], 'quote');
    expect(ticker.calls).toEqual([]);
    session.start();
    ticker.emit('connect');
    ticker.calls.length = 0;
    session.subscribe([2], 'full');
    session.subscribe([1], 'ltp');
    session.unsubscribe([2, 99]);
    expect(ticker.calls).toEqual(['subscribe 2', 'mode full 2', 'subscribe 1', 'mode ltp 1', 'unsubscribe 2']);
    expect([...session.subscriptions()]).toEqual([[1, 'ltp']]);
  });

  it('reconnects with exponential backoff capped at the maximum, one attempt per drop', () => {
    const { ticker, session } = setup();
    session.start();
    const delays: number[] = [];
    for (let drop = 0; drop < 6; drop++) {
      ticker.emit('disconnect');
      const before = ticker.connects();
      let waited = 0;
      while (ticker.connects() === before) {
        jest.advanceTimersByTime(100);
        waited += 100;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('starts the backoff afresh once data flows again', () => {
    const { ticker, session } = setup();
    session.start();
    ticker.emit('disconnect');
    jest.advanceTimersByTime(1000);
    ticker.emit('disconnect');
    jest.advanceTimersByTime(2000);
    ticker.emit('connect');
    ticker.emit('message', frame('ltpMode_binary.packet'));
    ticker.emit('disconnect');
    const before = ticker.connects();
    jest.advanceTimersByTime(999);
    expect(ticker.connects()).toBe(before);
    jest.advanceTimersByTime(1);
    expect(ticker.connects()).toBe(before + 1);
  });

  it('schedules one reconnection however many disconnect events one drop produces', () => {
    const { ticker, session, states } = setup();
    session.start();
    ticker.emit('connect');
    ticker.emit('disconnect');
    ticker.emit('disconnect');
    ticker.emit('disconnect');
    jest.advanceTimersByTime(1000); // the first backoff: the extra events counted no extra attempts
    expect(ticker.connects()).toBe(2);
    jest.advanceTimersByTime(13_000); // and scheduled nothing more (short of the connect timeout)
    expect(ticker.connects()).toBe(2);
    expect(states).toEqual(['connecting', 'connected', 'waiting', 'connecting']);
  });

  it('abandons and retries a connection attempt that never opens', () => {
    const { ticker, session, issues } = setup();
    session.start();
    jest.advanceTimersByTime(15_000);
    expect(ticker.calls).toEqual(['connect', 'disconnect']);
    expect(session.state).toBe('waiting');
    jest.advanceTimersByTime(1000);
    expect(ticker.connects()).toBe(2);
    expect(issues.map((i) => i.reason)).toEqual([expect.stringContaining('no connection after 15000 ms')]);
  });

  it('stops for good: no reconnection after stop, whatever the library emits', () => {
    const { ticker, session } = setup();
    session.start();
    ticker.emit('connect');
    ticker.emit('disconnect'); // a reconnection is now pending
    ticker.autoReconnect(true); // another KiteTicker constructed with defaults flips the module-global flag
    session.stop();
    expect(ticker.autoReconnectOn).toBe(false);
    ticker.emit('disconnect');
    jest.advanceTimersByTime(120_000);
    expect(ticker.connects()).toBe(1);
    expect(session.state).toBe('stopped');
    ticker.emit('connect'); // a connection already under way when we stopped is closed again
    expect(ticker.calls.filter((c) => c === 'disconnect')).toHaveLength(2);
  });

  it('gives up after the attempts allowed, reporting it, and never exits the process', () => {
    const { ticker, session, issues } = setup({ maxAttempts: 2 });
    session.start();
    for (let i = 0; i < 3; i++) {
      ticker.emit('disconnect');
      jest.advanceTimersByTime(10_000);
    }
    expect(session.state).toBe('gave-up');
    expect(ticker.connects()).toBe(3);
    expect(issues.at(-1)?.reason).toMatch(/gave up reconnecting after 2 attempts/);
    session.start();
    expect(session.state).toBe('connecting');
  });

  it('decodes frames into paise ticks for its listeners and records when data last came', () => {
    const { ticker, session } = setup();
    const received: KiteTick[][] = [];
    session.onTicks((t) => received.push(t));
    session.start();
    ticker.emit('connect');
    expect(session.lastMessageAtMs()).toBeNull();
    ticker.emit('message', frame('fullMode_binary.packet'));
    ticker.emit('message', new Uint8Array([0]).buffer); // heartbeat
    expect(received).toHaveLength(1);
    expect(received[0]?.[0]).toMatchObject({ token: 884737, lastPrice: 39295, trading: { volume: 22261032 } });
    expect(session.lastMessageAtMs()).toBe(Date.now());
  });

  it('forwards order updates', () => {
    const { ticker, session } = setup();
    const updates: unknown[] = [];
    session.onOrderUpdate((u) => updates.push(u));
    ticker.emit('order_update', { order_id: '1' });
    expect(updates).toEqual([{ order_id: '1' }]);
  });

  it('contains a throwing listener and a bad frame: reported, other listeners served, nothing escapes', () => {
    const { ticker, session, issues } = setup();
    const served: number[] = [];
    session.onTicks(() => {
      throw new Error('strategy bug');
    });
    session.onTicks((t) => served.push(t.length));
    session.onOrderUpdate(() => {
      throw new Error('watcher bug');
    });
    expect(() => ticker.emit('message', frame('ltpMode_binary.packet'))).not.toThrow();
    expect(() => ticker.emit('message', frame('fullMode_binary.packet').slice(0, 50))).not.toThrow();
    expect(() => ticker.emit('order_update', {})).not.toThrow();
    expect(served).toEqual([1]);
    expect(issues.map((i) => i.reason)).toEqual([
      expect.stringContaining('strategy bug'),
      expect.stringContaining('undecodable tick frame'),
      expect.stringContaining('watcher bug'),
    ]);
  });

  it('reports socket errors without the access token of the WebSocket URL', () => {
    const { ticker, issues } = setup();
    ticker.emit('error', new Error('connect to wss://ws.kite.trade/?api_key=abc&access_token=SECRET&uid=1 failed'));
    expect(issues[0]?.reason).toMatch(/access_token=\[redacted\]/);
    expect(JSON.stringify(issues)).not.toContain('SECRET');
    expect(safeText({ type: 'error' })).toBe('error');
  });

  it('refuses bad tokens and more than 3000 instruments per connection', () => {
    const { session } = setup();
    expect(() => session.subscribe([0], 'ltp')).toThrow();
    session.subscribe(
      Array.from({ length: 3000 }, (_, i) => i + 1),
      'ltp',
    );
    expect(() => session.subscribe([5000], 'ltp')).toThrow(/3000/);
    expect(() => session.subscribe([1], 'full')).not.toThrow(); // a mode change adds nothing
  });
});

describe('the real KiteTicker under the session', () => {
  it("is created with the library's auto-reconnect off (a drop never reaches its process.exit path), each from a module instance of its own", () => {
    jest.useFakeTimers();
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => {
      throw new Error('process.exit called');
    }) as never);
    try {
      const { createKiteTicker } = require('../../adapters/kite/kite-ticker-factory');
      const ticker = createKiteTicker({ apiKey: 'test', accessToken: 'test' }) as TickerLike & {
        triggerDisconnect(): void;
      };
      const libraryReconnects: number[] = [];
      ticker.on('reconnect' as 'connect', () => libraryReconnects.push(1));
      const issues: KiteIssue[] = [];
      const session = new KiteTickerSession(ticker, { onIssue: (i) => issues.push(i) });
      session.stop();
      ticker.triggerDisconnect(); // what the library does on a drop or a read timeout
      jest.advanceTimersByTime(600_000);
      expect(libraryReconnects).toEqual([]);
      expect(exit).not.toHaveBeenCalled();
      // Another connection gets a KiteTicker of its own module instance: the library's globals
      // (listeners, socket, reconnect flags) are not shared, so the first one's events stay its own.
      const other = createKiteTicker({ apiKey: 'test', accessToken: 'test' }) as TickerLike & {
        triggerDisconnect(): void;
      };
      expect(other.constructor).not.toBe(ticker.constructor);
      const firstDisconnects: number[] = [];
      ticker.on('disconnect', () => firstDisconnects.push(1));
      other.triggerDisconnect();
      expect(firstDisconnects).toEqual([]);
      ticker.triggerDisconnect();
      expect(firstDisconnects).toEqual([1]);
      // A new login's token is the one the library's next connection URL is built from.
      ticker.setAccessToken?.('renewed');
      expect((ticker as unknown as { access_token: string }).access_token).toBe('renewed');
    } finally {
      exit.mockRestore();
      jest.clearAllTimers();
      jest.useRealTimers();
    }
  });
});
