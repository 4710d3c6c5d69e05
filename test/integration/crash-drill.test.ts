import { randomBytes } from 'node:crypto';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { REQUIRED_POINTS } from '../../app/drill/crash-points';
import { type DrillReport, runDrill } from '../../app/drill/drill';
import { drillScenarios } from '../../app/drill/drill-scenarios';
import { createTestDb, type TestDb } from '../support/test-db';

/**
 * The crash drill, reduced (a single-leg lifecycle with two targets and its sibling cancel, an iron
 * condor flattened by the kill switch; fewer ticks), against the real PostgreSQL: a crash at every
 * step boundary, then recovery, and not one violation. `npm run drill:crash` runs the full one.
 */
describe('crash drill (quick)', () => {
  let db: TestDb;
  let store: PgEventStore;
  let report: DrillReport;

  beforeAll(async () => {
    db = await createTestDb();
    store = new PgEventStore(db.pool);
    report = await runDrill(store, drillScenarios('quick'), { runId: `ci${randomBytes(3).toString('hex')}` });
  }, 240_000);
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('crashes at every boundary of both scenarios, each named crash point among them', () => {
    expect(Object.keys(report.scenarios)).toEqual(['equity-two-targets', 'condor-flatten']);
    for (const s of Object.values(report.scenarios)) {
      expect(s.boundaries).toBeGreaterThan(20);
      expect(s.crashed).toBe(s.boundaries);
    }
    expect(report.crashPoints).toBe(Object.values(report.scenarios).reduce((n, s) => n + s.boundaries, 0));
    for (const p of REQUIRED_POINTS) expect([p, report.byPoint[p].crashPoints > 0]).toEqual([p, true]);
  });

  it('recovers from every one of them: no duplicate, no orphan, nothing unprotected, book = broker', () => {
    expect(report.failures).toEqual([]);
    expect(report.violations).toBe(0);
  });
});
