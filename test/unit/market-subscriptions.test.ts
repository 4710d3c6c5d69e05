import type { Instrument } from '../../domain/instruments/instrument';
import { followedExpiries, nearMoneyStrikes } from '../../domain/market/subscriptions/near-money-strikes';
import { SubscriptionBook } from '../../domain/market/subscriptions/subscription-book';
import { shardTokens, TooManyTokensError } from '../../domain/market/subscriptions/token-shards';
import type { Paise } from '../../domain/money/paise';

describe('SubscriptionBook: tokens counted per owner', () => {
  it('keeps a token while any owner wants it, in the richest mode asked for', () => {
    const book = new SubscriptionBook();
    book.want('universe', [1, 2], 'quote');
    book.want('chain:NIFTY', [2, 3], 'full');
    let c = book.change();
    expect([...c.subscribe]).toEqual([
      [1, 'quote'],
      [2, 'full'],
      [3, 'full'],
    ]);
    expect(c.unsubscribe).toEqual([]);
    expect(book.owners(2)).toBe(2);

    book.release('chain:NIFTY');
    c = book.change();
    expect([...c.subscribe]).toEqual([[2, 'quote']]); // the mode steps down, the token stays
    expect(c.unsubscribe).toEqual([3]);

    book.want('universe', [1], 'quote');
    c = book.change();
    expect(c.subscribe.size).toBe(0);
    expect(c.unsubscribe).toEqual([2]);
    expect(book.change()).toEqual({ subscribe: new Map(), unsubscribe: [] }); // nothing twice
  });

  it('subscribes everything again after a reconnection', () => {
    const book = new SubscriptionBook();
    book.want('universe', [5, 6], 'full');
    book.change();
    book.resetTold();
    expect([...book.change().subscribe.keys()]).toEqual([5, 6]);
  });

  it('refuses a token that is not a positive integer', () => {
    expect(() => new SubscriptionBook().want('x', [0], 'ltp')).toThrow(RangeError);
  });
});

const option = (strike: number, kind: 'CE' | 'PE', expiry: string, token: number): Instrument => ({
  token,
  exchange: 'NFO',
  segment: 'NFO-OPT',
  symbol: `NIFTY${expiry}${strike}${kind}`,
  kind,
  lotSize: 65,
  tickSize: 5 as Paise,
  freezeQty: 1800,
  underlying: 'NIFTY',
  expiry,
  strike: (strike * 100) as Paise,
});

describe('nearMoneyStrikes', () => {
  const chain: Instrument[] = [];
  let token = 1000;
  for (const expiry of ['2026-12-08', '2026-12-15'])
    for (let k = 24_000; k <= 25_000; k += 50)
      for (const kind of ['CE', 'PE'] as const) chain.push(option(k, kind, expiry, token++));
  const opts = { width: 2, recentreSteps: 1 };

  it('takes the nearest expiry and width strikes each side, calls and puts', () => {
    const w = nearMoneyStrikes(chain, 2_451_200 as Paise, '2026-12-07', opts);
    expect(w?.expiry).toBe('2026-12-08');
    expect(w?.centre).toBe(2_450_000);
    expect([...new Set(w?.instruments.map((i) => (i.strike as number) / 100))]).toEqual([
      24_400, 24_450, 24_500, 24_550, 24_600,
    ]);
    expect(w?.instruments).toHaveLength(10);
  });

  it('keeps its centre while the price stays within the hysteresis, then re-centres', () => {
    const first = nearMoneyStrikes(chain, 2_450_000 as Paise, '2026-12-07', opts);
    const wobble = nearMoneyStrikes(chain, 2_454_000 as Paise, '2026-12-07', opts, first);
    expect(wobble?.centre).toBe(2_450_000); // nearest strike is 24,550, but within one step: kept
    const moved = nearMoneyStrikes(chain, 2_456_000 as Paise, '2026-12-07', opts, wobble);
    expect(moved?.centre).toBe(2_455_000);
  });

  it('rolls to the next expiry once the nearest has passed, and is null without options', () => {
    expect(nearMoneyStrikes(chain, 2_450_000 as Paise, '2026-12-09', opts)?.expiry).toBe('2026-12-15');
    expect(nearMoneyStrikes(chain, 2_450_000 as Paise, '2026-12-16', opts)).toBeNull();
  });

  it('follows the next expiry too on the nearest one’s own expiry day, in a window of its own', () => {
    expect(followedExpiries(chain, '2026-12-07')).toEqual(['2026-12-08']);
    expect(followedExpiries(chain, '2026-12-08')).toEqual(['2026-12-08', '2026-12-15']);
    expect(followedExpiries(chain, '2026-12-15')).toEqual(['2026-12-15']); // the last listed series
    expect(followedExpiries([], '2026-12-08')).toEqual([]);
    const next = nearMoneyStrikes(chain, 2_451_200 as Paise, '2026-12-08', opts, null, '2026-12-15');
    expect(next?.expiry).toBe('2026-12-15');
    expect(next?.instruments.every((i) => i.expiry === '2026-12-15')).toBe(true);
    expect(next?.instruments).toHaveLength(10);
  });

  it('clips the window at the ends of the ladder', () => {
    const w = nearMoneyStrikes(chain, 2_390_000 as Paise, '2026-12-07', opts);
    expect(w?.centre).toBe(2_400_000);
    expect(new Set(w?.instruments.map((i) => i.strike)).size).toBe(3);
  });
});

describe('shardTokens', () => {
  const range = (from: number, n: number) => Array.from({ length: n }, (_, k) => from + k);

  it('opens a new connection only when the others are full, at most 3,000 tokens each', () => {
    expect(shardTokens(range(1, 10))).toEqual([range(1, 10)]);
    const s = shardTokens(range(1, 7000));
    expect(s.map((x) => x.length)).toEqual([3000, 3000, 1000]);
  });

  it('keeps tokens on their connection and fills the emptiest first', () => {
    const before = [range(1, 3000), range(5001, 100)];
    const after = shardTokens([...range(1, 2990), ...range(5001, 100), 9001, 9002], before);
    expect(after[0]).toEqual(range(1, 2990)); // 10 gone, none moved
    expect(after[1]).toEqual([...range(5001, 100), 9001, 9002]);
  });

  it('refuses more tokens than three connections carry, naming the numbers', () => {
    expect(() => shardTokens(range(1, 9001))).toThrow(TooManyTokensError);
    expect(() => shardTokens(range(1, 9001))).toThrow('9001 instruments wanted');
  });
});
