import { rerunReportText } from '../../app/audit/rerun-report';
import { decision } from '../support/decisions';

describe('the audit re-run report', () => {
  const base = {
    namespace: 'trader-20250905-abc123',
    tradingDay: '2025-09-05',
    configHash: '771af01c73fd0000',
    deliveries: 120,
    bars: 300,
    wallSeconds: 1.5,
  };

  it('counts the differences in its head line and prints each; decisions of an unfinished scan apart, not counted', () => {
    const stale = decision({
      planId: 'p3',
      instrumentKey: 'NSE:ITC',
      approved: false,
      quantity: 0,
      reasons: [{ code: 'DATA_STALE', message: 'the quote is 90 s old' }],
      at: '2025-09-05T07:21:48.660Z',
    });
    const text = rerunReportText({
      ...base,
      recorded: 2,
      rerun: 3,
      differences: [
        {
          kind: 'changed',
          planId: 'p1',
          recorded: decision({}),
          rerun: decision({ quantity: 12 }),
          fields: [{ field: 'quantity', recorded: 10, rerun: 12 }],
        },
      ],
      unfinished: [{ kind: 'extra', planId: 'p3', rerun: stale }],
    });
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe(
      're-run of 2025-09-05, trader-20250905-abc123, config 771af01c73fd: 120 recorded deliveries (300 bars), ' +
        '2 decisions recorded, 3 re-made, 1 difference(s) in 1.5 s; 1 made at a scan the recording did not finish',
    );
    expect(lines.slice(1)).toEqual([
      '  CHANGED 2025-09-05T04:00:00.000Z NSE:SBIN plan p1: quantity recorded 10, re-run 12',
      '  (unfinished scan: the recording process stopped during it) EXTRA   2025-09-05T07:21:48.660Z NSE:ITC plan p3: re-run blocked (DATA_STALE), never recorded',
    ]);
  });

  it('says nothing of unfinished scans when there were none', () => {
    const text = rerunReportText({ ...base, recorded: 1, rerun: 1, differences: [], unfinished: [] });
    expect(text).toBe(
      're-run of 2025-09-05, trader-20250905-abc123, config 771af01c73fd: 120 recorded deliveries (300 bars), ' +
        '1 decisions recorded, 1 re-made, 0 difference(s) in 1.5 s\n',
    );
  });
});
