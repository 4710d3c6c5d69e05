import type { Decision } from '../../app/audit/decision-diff';

/** A recorded decision: approved 10 SBIN at 09:30 IST on 5 Sep 2025, with what `over` changes. */
export function decision(over: Partial<Decision> = {}): Decision {
  return {
    planId: 'p1',
    signalId: 's1',
    instrumentKey: 'NSE:SBIN',
    approved: true,
    quantity: 10,
    slices: [10],
    reasons: [],
    risk: 5000,
    heatBefore: 0,
    heatAfter: 5000,
    heatCap: 1_000_000,
    boundBy: 'PER_TRADE_RISK',
    at: '2025-09-05T04:00:00.000Z',
    ...over,
  };
}
