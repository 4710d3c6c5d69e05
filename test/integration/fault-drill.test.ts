import { randomBytes } from 'node:crypto';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { type FaultDrillReport, runFaultDrill } from '../../app/drill/fault-drill-core';
import { FAULT_KINDS } from '../../app/drill/fault-kinds';
import { equityTighten, scanThreePlans } from '../../app/drill/fault-scenarios';
import { createTestDb, type TestDb } from '../support/test-db';

/**
 * The fault drill, reduced (a scan of three plans, where the kill switch and flatten strike
 * mid-scan, and a single-leg lifecycle with resizes and an EOD tighten; one point per fault kind),
 * against the real PostgreSQL. `npm run drill:faults` runs the full one.
 */
describe('fault drill (subset)', () => {
  let db: TestDb;
  let store: PgEventStore;
  let report: FaultDrillReport;

  beforeAll(async () => {
    db = await createTestDb();
    store = new PgEventStore(db.pool);
    report = await runFaultDrill(store, [scanThreePlans(), equityTighten()], {
      runId: `fd${randomBytes(3).toString('hex')}`,
      maxPointsPerKind: 1,
    });
  }, 240_000);
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('injects every kind of fault', () => {
    for (const kind of FAULT_KINDS) expect([kind, report.byFault[kind].faultPoints > 0]).toEqual([kind, true]);
    expect(report.faultPoints).toBeGreaterThanOrEqual(FAULT_KINDS.length);
  });

  it('holds every invariant at the broker after each: no duplicate, no orphan, protected or closed, book = broker, no entry after a halt', () => {
    expect(report.failures).toEqual([]);
    expect(report.violations).toBe(0);
  });
});
