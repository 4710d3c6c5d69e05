import { dayRecovery } from '../../app/trader/day-recovery';
import type { RecoveryStatus } from '../../app/trader/live-gate';
import type { RecoveryReport } from '../../commands/trading/recovery';

const report: RecoveryReport = {
  openGroups: 1,
  inFlightResolved: 0,
  resent: 0,
  withdrawn: 0,
  orphansCancelled: 0,
  duplicatesCancelled: 0,
  lostUpdatesRecovered: 0,
  positionMismatches: [],
  surprises: [],
};

function setup(o: { failures: number; pauseForOperator?: boolean; paused?: boolean }) {
  let failures = o.failures;
  const log: string[] = [];
  const statuses: RecoveryStatus['state'][] = [];
  let paused = o.paused ?? false;
  const run = dayRecovery({
    recover: async () => {
      log.push('recover');
      if (failures-- > 0) throw new Error('Kite unreachable');
      return report;
    },
    control: {
      state: async () => ({ paused: paused ? { reason: 'x' } : null }) as never,
      pause: async (_actor, reason) => {
        log.push(`pause: ${reason}`);
        paused = true;
        return {} as never;
      },
    },
    serial: (work) => work(),
    pauseForOperator: o.pauseForOperator ?? false,
    onStatus: (s) => statuses.push(s.state),
    onReport: () => log.push('report'),
    write: () => undefined,
  });
  return { run, log, statuses };
}

describe('the trading day recovery (under the leadership gate)', () => {
  it('after a LIVE restart pauses for an operator once, then recovers', async () => {
    const { run, log, statuses } = setup({ failures: 0, pauseForOperator: true });
    await run();
    await run(); // the lock regained later: no second pause
    expect(log).toEqual([
      "pause: restarted in LIVE: new entries wait for an operator's resume",
      'recover',
      'report',
      'recover',
      'report',
    ]);
    expect(statuses).toEqual(['done', 'done']);
  });

  it('records no pause when the book is paused already, or the day was not LIVE', async () => {
    const paused = setup({ failures: 0, pauseForOperator: true, paused: true });
    await paused.run();
    expect(paused.log).toEqual(['recover', 'report']);
    const paper = setup({ failures: 0 });
    await paper.run();
    expect(paper.log).toEqual(['recover', 'report']);
  });

  it('throws a failure out of the serial queue (the gate stays shut), the status says it; a retry recovers', async () => {
    const { run, log, statuses } = setup({ failures: 1, pauseForOperator: true });
    await expect(run()).rejects.toThrow('Kite unreachable');
    expect(statuses).toEqual(['failed']);
    await run(); // the gate's retry
    expect(log).toEqual([
      "pause: restarted in LIVE: new entries wait for an operator's resume",
      'recover',
      'recover',
      'report',
    ]);
    expect(statuses).toEqual(['failed', 'done']);
  });
});
