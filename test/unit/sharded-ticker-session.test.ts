import type { KiteIssue } from '../../adapters/kite/kite-issue';
import { ShardedTickerSession } from '../../adapters/kite/sharded-ticker-session';
import { KiteTickerSession } from '../../adapters/kite/ticker-session';
import { FakeTicker } from '../support/fake-ticker';

/** The sharded ticker over fake sockets: which connection is told what. */
describe('ShardedTickerSession', () => {
  function rig() {
    const fakes: FakeTicker[] = [];
    const issues: KiteIssue[] = [];
    const ticker = new ShardedTickerSession(
      () => {
        const f = new FakeTicker();
        fakes.push(f);
        return new KiteTickerSession(f, { onIssue: (i) => issues.push(i) });
      },
      { perConnection: 3, maxConnections: 3 },
    );
    return { ticker, fakes };
  }
  const sent = (f: FakeTicker) => f.calls.filter((c) => c !== 'connect');

  it('opens a connection only when the others are full, and tells each only its own tokens and modes', () => {
    const { ticker, fakes } = rig();
    ticker.start();
    expect(fakes).toHaveLength(1); // the first at once: order updates come on it
    for (const f of fakes) f.emit('connect');
    ticker.subscribe([1, 2, 3, 4], 'ltp');
    expect(fakes).toHaveLength(2);
    fakes[1]!.emit('connect');
    expect(ticker.connections()).toEqual([[1, 2, 3], [4]]);
    expect(sent(fakes[0]!)).toEqual(['subscribe 1,2,3', 'mode ltp 1,2,3']);
    expect(sent(fakes[1]!)).toEqual(['subscribe 4', 'mode ltp 4']);
    // A mode change goes to the connection that carries the token, nowhere else.
    fakes[0]!.calls.length = 0;
    fakes[1]!.calls.length = 0;
    ticker.subscribe([4], 'full');
    expect(sent(fakes[0]!)).toEqual([]);
    expect(sent(fakes[1]!)).toEqual(['subscribe 4', 'mode full 4']);
    // A release frees room where it was; the next token fills the emptiest connection.
    ticker.unsubscribe([2, 3]);
    expect(sent(fakes[0]!)).toEqual(['unsubscribe 2,3']);
    ticker.subscribe([5], 'quote');
    expect(ticker.connections()).toEqual([[1, 5], [4]]);
    expect(ticker.subscriptions()).toEqual(
      new Map([
        [1, 'ltp'],
        [4, 'full'],
        [5, 'quote'],
      ]),
    );
  });

  it('is connected only when every connection is; order updates come from the first only', () => {
    const { ticker, fakes } = rig();
    const states: string[] = [];
    ticker.onState((s) => states.push(s));
    const updates: unknown[] = [];
    ticker.onOrderUpdate((u) => updates.push(u));
    ticker.start();
    ticker.subscribe([1, 2, 3, 4], 'ltp');
    fakes[0]!.emit('connect');
    expect(ticker.state).toBe('connecting');
    fakes[1]!.emit('connect');
    expect(ticker.state).toBe('connected');
    fakes[0]!.emit('order_update', { order_id: 'A' });
    fakes[1]!.emit('order_update', { order_id: 'A' });
    expect(updates).toEqual([{ order_id: 'A' }]);
    fakes[1]!.emit('disconnect');
    expect(ticker.state).toBe('waiting');
    expect(states).toEqual(['connecting', 'connected', 'waiting']);
    ticker.stop();
    expect(ticker.state).toBe('stopped');
  });

  it('refuses more tokens than its connections carry, changing nothing', () => {
    const { ticker, fakes } = rig();
    ticker.start();
    ticker.subscribe([1, 2, 3, 4, 5, 6, 7, 8], 'ltp');
    expect(() => ticker.subscribe([9, 10], 'ltp')).toThrow(/10 instruments wanted; 3 connections of 3 carry at most 9/);
    expect(ticker.subscriptions().size).toBe(8);
    expect(fakes).toHaveLength(3);
    expect(() => ticker.subscribe([-1], 'ltp')).toThrow(/positive integer/);
  });
});
