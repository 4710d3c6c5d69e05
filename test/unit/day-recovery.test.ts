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

function setup(o: { failures: number; leader?: boolean; pauseForOperator?: boolean; paused?: boolean }) {
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
    leader: { isLeader: () => o.leader ?? true },
    serial: (work) => work(),
    stopping: () => null,
    pauseForOperator: o.pauseForOperator ?? false,
    onStatus: (s) => statuses.push(s.state),
    onReport: () => log.push('report'),
    onRetry: (_err, attempt) => log.push(`retry ${attempt}`),
    write: () => undefined,
    retryMs: 1,
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

  it('keeps the gate shut and tries again while it leads; the failure is the status meanwhile', async () => {
    const { run, log, statuses } = setup({ failures: 2 });
    await run();
    expect(log).toEqual(['recover', 'retry 1', 'recover', 'retry 2', 'recover', 'report']);
    expect(statuses).toEqual(['failed', 'failed', 'done']);
  });

  it('gives up (throws: the gate stays shut) once it no longer leads', async () => {
    const { run, statuses } = setup({ failures: 5, leader: false });
    await expect(run()).rejects.toThrow('Kite unreachable');
    expect(statuses).toEqual(['failed']);
  });
});
