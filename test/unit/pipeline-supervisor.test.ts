import { ManualClock } from '../../adapters/clock/manual-clock';
import { Heartbeats } from '../../commands/pipeline/heartbeats';
import { ScanSupervisor } from '../../commands/pipeline/scan-supervisor';

describe('scan supervisor', () => {
  it('restarts a failing cycle, reports it, and gives up after too many failures in a row', async () => {
    const clock = new ManualClock('2025-09-04T04:00:00.000Z');
    let fail = 0;
    const gaveUp: string[] = [];
    const sup = new ScanSupervisor(
      async () => {
        if (fail > 0) {
          fail -= 1;
          throw new Error('strategy blew up');
        }
      },
      clock,
      { maxConsecutiveFailures: 3, onGiveUp: (e) => gaveUp.push(e) },
    );
    expect(await sup.runOnce()).toBe(true);
    fail = 2;
    expect(await sup.runOnce()).toBe(false);
    expect(sup.status).toMatchObject({ state: 'RESTARTING', restarts: 1, lastError: 'strategy blew up' });
    await sup.runOnce();
    expect(await sup.runOnce()).toBe(true);
    expect(sup.status).toMatchObject({ state: 'RUNNING', consecutiveFailures: 0, cycles: 2 });
    fail = 5;
    for (let i = 0; i < 4; i++) await sup.runOnce();
    expect(sup.status.state).toBe('FAILED');
    expect(gaveUp).toEqual(['strategy blew up']);
    expect(await sup.runOnce()).toBe(false);
  });
});

describe('heartbeats', () => {
  it('are stale when never beaten or older than the limit', () => {
    const h = new Heartbeats();
    h.beat('marketData', 10_000);
    h.beat('scanLoop', 14_000);
    expect(h.stale(15_000, 5_000)).toEqual(['orderStream']);
    expect(h.stale(18_000, 5_000)).toEqual(['marketData', 'orderStream']);
    expect(h.ages(15_000)).toEqual({ marketData: 5, orderStream: null, scanLoop: 1 });
  });
});
