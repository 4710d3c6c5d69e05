import { TraderUniverse } from '../../app/trader/trader-universe';
import { DEFAULT_TRADING_CONFIG } from '../../domain/config/default-trading-config';
import { createFutureContract, createOptionContract } from '../../domain/instruments/contract-factory';
import type { Instrument } from '../../domain/instruments/instrument';
import { NIFTY } from '../../domain/instruments/underlyings';
import { SubscriptionBook } from '../../domain/market/subscriptions/subscription-book';

const DAY = '2026-12-04';
const index: Instrument = {
  token: 256265,
  exchange: 'NSE',
  segment: 'INDICES',
  symbol: 'NIFTY 50',
  kind: 'INDEX',
  lotSize: 1,
  tickSize: 5 as never,
  freezeQty: 0,
};
const stock: Instrument = {
  token: 779521,
  exchange: 'NSE',
  segment: 'NSE',
  symbol: 'SBIN',
  kind: 'EQ',
  lotSize: 1,
  tickSize: 5 as never,
  freezeQty: 100_000,
};
const future = { ...createFutureContract(NIFTY, '2026-12-29' as never), token: 9001 };
const farFuture = { ...createFutureContract(NIFTY, '2027-01-26' as never), token: 9002 };
let token = 10_000;
const options = [24_000, 24_100, 24_200, 24_300, 24_400, 24_500, 24_600].flatMap((rupees) =>
  (['CE', 'PE'] as const).map((right) => ({
    ...createOptionContract(NIFTY, {
      expiry: '2026-12-08' as never,
      strike: (rupees * 100) as never,
      right,
      expiryKind: 'WEEKLY',
    } as never),
    token: token++,
  })),
);
const dump = [index, stock, future, farFuture, ...options];
const tick = (last: number) => ({ key: 'NSE:NIFTY 50', ts: 0, last, cumVolume: 0 });

describe('TraderUniverse: what the trader subscribes from the instruments dump', () => {
  const config = {
    ...DEFAULT_TRADING_CONFIG,
    universe: { instruments: ['NSE:SBIN', 'NSE:NIFTY 50'], optionUnderlyings: ['NIFTY'] },
  };

  it('subscribes the universe and the near-month future at once, the strikes only once the index has a price', () => {
    const u = new TraderUniverse(dump, config, DAY);
    expect(u.futures.get('NSE:NIFTY 50')?.token).toBe(9001);
    const first = u.change();
    expect([...first.subscribe.keys()].sort((a, b) => a - b)).toEqual([9001, 256265, 779521]);
    expect(u.chains()).toEqual([]);
    expect(u.observe([tick(2_430_000)])).toBe(true); // Rs 24,300
    const strikes = u.change();
    // 5 strikes each side of the centre: all 7 listed strikes, CE and PE.
    expect(strikes.subscribe.size).toBe(14);
    expect(u.centres()['NSE:NIFTY 50']).toBe(2_430_000);
    expect(u.chains()[0]?.contracts).toHaveLength(14);
  });

  it('on an expiry day follows the next series too (the option strategies trade it from late morning)', () => {
    const nextWeek = options.map((o) => ({ ...o, expiry: '2026-12-15', token: o.token + 1_000 }));
    const u = new TraderUniverse([...dump, ...nextWeek], config, '2026-12-08');
    u.change();
    expect(u.observe([tick(2_430_000)])).toBe(true);
    expect(u.change().subscribe.size).toBe(28); // 7 strikes, CE and PE, of each series
    expect(u.chains().map((c) => [c.expiry, c.contracts.length])).toEqual([
      ['2026-12-08', 14],
      ['2026-12-15', 14],
    ]);
    expect(u.centres()).toEqual({ 'NSE:NIFTY 50': 2_430_000 });
    // the day before, only the nearest series
    const before = new TraderUniverse([...dump, ...nextWeek], config, '2026-12-07');
    before.change();
    before.observe([tick(2_430_000)]);
    expect(before.chains().map((c) => c.expiry)).toEqual(['2026-12-08']);
  });

  it('keeps its window within the hysteresis and re-centres past it; held instruments stay subscribed', () => {
    const narrow = new TraderUniverse(dump, config, DAY);
    narrow.change();
    narrow.observe([tick(2_400_000)]);
    narrow.change();
    expect(narrow.observe([tick(2_410_000)])).toBe(false); // one strike step: within 1.5 steps
    expect(narrow.observe([tick(2_460_000)])).toBe(true); // 6 steps away: re-centred
    expect(narrow.centres()['NSE:NIFTY 50']).toBe(2_460_000);
    const held = options[0]!.token;
    narrow.holdPositions([held]);
    narrow.change();
    expect(narrow.subscriptions.owners(held)).toBeGreaterThan(0);
  });
});

describe('TraderUniverse across days: one subscription book for the process', () => {
  const config = {
    ...DEFAULT_TRADING_CONFIG,
    universe: { instruments: ['NSE:SBIN', 'NSE:NIFTY 50'], optionUnderlyings: ['NIFTY'] },
  };
  const NEXT = '2026-12-09'; // the day after the 8 Dec expiry
  let next = 20_000;
  const nextOptions = [24_200, 24_300, 24_400].flatMap((rupees) =>
    (['CE', 'PE'] as const).map((right) => ({
      ...createOptionContract(NIFTY, {
        expiry: '2026-12-15' as never,
        strike: (rupees * 100) as never,
        right,
        expiryKind: 'WEEKLY',
      } as never),
      token: next++,
    })),
  );
  // The next day's dump: the 8 Dec options have expired and are gone; the 15 Dec ones are listed.
  const nextDump = [index, stock, future, farFuture, ...nextOptions];
  const sorted = (xs: Iterable<number>) => [...xs].sort((a, b) => a - b);

  it("releases yesterday's strikes and expired options, subscribes today's, and keeps what a position holds", () => {
    const book = new SubscriptionBook();
    const day1 = new TraderUniverse(dump, config, DAY, book);
    day1.change();
    day1.observe([tick(2_430_000)]);
    day1.change();
    const held = options[0]!.token; // a position in an 8 Dec option, still open at the day's end
    day1.holdPositions([held]);
    day1.change();
    const yesterday = sorted(book.wanted().keys());
    expect(yesterday).toHaveLength(3 + 14);

    const day2 = new TraderUniverse(nextDump, config, NEXT, book);
    const turn = day2.change();
    // Every 8 Dec option but the held one goes; the universe and the future stay subscribed (not resent).
    expect(turn.unsubscribe).toEqual(sorted(options.map((o) => o.token).filter((t) => t !== held)));
    expect(turn.subscribe.size).toBe(0);
    expect(book.owners(held)).toBe(1);
    // Today's strikes once the index is priced.
    day2.observe([tick(2_430_000)]);
    expect(sorted(day2.change().subscribe.keys())).toEqual(sorted(nextOptions.map((o) => o.token)));
    // The position closed: its instrument is released too.
    day2.holdPositions([]);
    expect(day2.change().unsubscribe).toEqual([held]);
    expect(sorted(book.wanted().keys())).toEqual(sorted([9001, 256265, 779521, ...nextOptions.map((o) => o.token)]));
  });

  it("a day whose future rolled releases yesterday's future for today's", () => {
    const book = new SubscriptionBook();
    new TraderUniverse(dump, config, DAY, book).change();
    const rolled = new TraderUniverse(nextDump, config, '2026-12-30', book); // past the 29 Dec future
    const turn = rolled.change();
    expect(turn.unsubscribe).toEqual([9001]);
    expect([...turn.subscribe.keys()]).toEqual([9002]);
  });
});
