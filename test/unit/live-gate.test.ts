import { kiteNotFlatReasons, type LiveGateFacts, liveGateReasons } from '../../app/trader/live-gate';
import { unprotectedPositions } from '../../app/trader/live-stop';
import type { BrokerOrder, BrokerPosition } from '../../commands/ports/broker';

const clean = {
  openGroups: 0,
  inFlightResolved: 0,
  resent: 0,
  withdrawn: 0,
  orphansCancelled: 0,
  duplicatesCancelled: 0,
  lostUpdatesRecovered: 0,
  positionMismatches: [],
  surprises: [],
};
const ok: LiveGateFacts = {
  liveEnabled: true,
  configFile: 'live.json',
  kiteConfigured: true,
  tokenProblem: null,
  leader: true,
  recovery: { state: 'done', report: clean },
};

const pos = (instrument: string, quantity: number): BrokerPosition => ({
  instrument,
  product: 'MIS',
  quantity,
  averagePrice: null,
  buyQuantity: 0,
  sellQuantity: 0,
});
const ord = (o: Partial<BrokerOrder>): BrokerOrder =>
  ({
    brokerOrderId: '1',
    clientOrderId: null,
    instrument: 'NSE:SBIN',
    side: 'SELL',
    orderType: 'SL-M',
    status: 'TRIGGER PENDING',
    pendingQuantity: 10,
    ...o,
  }) as BrokerOrder;

describe('the LIVE gate', () => {
  it('opens only when every fact holds', () => {
    expect(liveGateReasons(ok)).toEqual([]);
  });

  it('names each fact that does not hold', () => {
    expect(liveGateReasons({ ...ok, liveEnabled: false })).toEqual([
      'LIVE trading is not enabled: set "liveEnabled": true under "risk" in live.json and restart',
    ]);
    expect(liveGateReasons({ ...ok, kiteConfigured: false, tokenProblem: 'x' })).toEqual([
      'no Kite credentials: set KITE_API_KEY (and log in)',
    ]);
    expect(liveGateReasons({ ...ok, tokenProblem: 'kite access token expired at 06:00 IST' })).toEqual([
      'kite access token expired at 06:00 IST',
    ]);
    expect(liveGateReasons({ ...ok, leader: false })[0]).toMatch(/not the leader/);
    expect(liveGateReasons({ ...ok, recovery: { state: 'pending' } })).toEqual([
      'start-up reconciliation has not run yet',
    ]);
    expect(liveGateReasons({ ...ok, recovery: { state: 'failed', error: 'broker down' } })).toEqual([
      'start-up reconciliation failed: broker down',
    ]);
    expect(
      liveGateReasons({
        ...ok,
        recovery: {
          state: 'done',
          report: { ...clean, positionMismatches: ['NSE:SBIN: book 0, broker 5'], surprises: ['a'] },
        },
      }),
    ).toEqual([
      'start-up reconciliation found positions that differ: NSE:SBIN: book 0, broker 5',
      'start-up reconciliation found surprises: a',
    ]);
  });

  it('wants Kite flat: no position held, no order working', () => {
    expect(kiteNotFlatReasons([pos('NSE:SBIN', 0)], [ord({ status: 'COMPLETE' })])).toEqual([]);
    expect(kiteNotFlatReasons([pos('NSE:SBIN', -5)], [ord({ brokerOrderId: '77', status: 'OPEN' })])).toEqual([
      'Kite holds positions (NSE:SBIN -5): LIVE starts flat at the broker',
      'Kite has orders working (77 (NSE:SBIN OPEN)): LIVE starts flat at the broker',
    ]);
  });
});

describe('protection at the broker (the LIVE stop)', () => {
  it('a position is protected by working stops on the closing side for its whole quantity', () => {
    expect(unprotectedPositions([pos('NSE:SBIN', 10)], [ord({})])).toEqual([]);
    expect(unprotectedPositions([pos('NSE:SBIN', -10)], [ord({ side: 'BUY', orderType: 'SL' })])).toEqual([]);
    expect(unprotectedPositions([pos('NSE:SBIN', 0)], [])).toEqual([]);
  });

  it('a target, a stop on the wrong side or instrument, a finished stop or too little quantity does not protect', () => {
    expect(unprotectedPositions([pos('NSE:SBIN', 10)], [ord({ orderType: 'LIMIT', status: 'OPEN' })])).toEqual([
      'NSE:SBIN 10 (stops for 0)',
    ]);
    expect(unprotectedPositions([pos('NSE:SBIN', 10)], [ord({ side: 'BUY' })])).toEqual(['NSE:SBIN 10 (stops for 0)']);
    expect(unprotectedPositions([pos('NSE:SBIN', 10)], [ord({ instrument: 'NSE:INFY' })])).toEqual([
      'NSE:SBIN 10 (stops for 0)',
    ]);
    expect(unprotectedPositions([pos('NSE:SBIN', 10)], [ord({ status: 'CANCELLED' })])).toEqual([
      'NSE:SBIN 10 (stops for 0)',
    ]);
    expect(unprotectedPositions([pos('NSE:SBIN', 10)], [ord({ pendingQuantity: 6 })])).toEqual([
      'NSE:SBIN 10 (stops for 6)',
    ]);
  });
});
