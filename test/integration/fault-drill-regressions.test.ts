import { randomBytes } from 'node:crypto';
import { condorFlatten } from '../../app/drill/condor-scenarios';
import { equityFlatten } from '../../app/drill/equity-scenarios';
import { runWithFault } from '../../app/drill/fault-run';
import { usePgStore } from '../support/pg-store-fixture';

/** Fault points where the fault drill found the book broken, run again (each was a violation before its fix). */
describe('fault drill regressions', () => {
  const pg = usePgStore();
  const ns = () => `fr${randomBytes(4).toString('hex')}`;

  it('a cancel whose commit answer was lost before the broker call is found unsent in-session and asked again', async () => {
    // The 15th commit is the first target's OrderCancelRequested during the flatten.
    const r = await runWithFault(pg.store, equityFlatten('full'), { kind: 'lost-commit-ack', at: 15 }, ns());
    expect(r.fired).toBe(true);
    expect(r.violations).toEqual([]);
  });

  it('a fill recorded with its commit answer lost reaches the group before the order ends: no group closes with a position open', async () => {
    // The 9th commit is a condor wing's first fill, then the flatten cancels that entry.
    const r = await runWithFault(pg.store, condorFlatten('full'), { kind: 'lost-commit-ack', at: 9 }, ns());
    expect(r.fired).toBe(true);
    expect(r.violations).toEqual([]);
  });
});
