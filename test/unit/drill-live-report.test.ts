import { DrillLog } from '../../app/drill/live/drill-log';
import { liveDrillJson, liveDrillTable, totalViolations } from '../../app/drill/live/live-drill-report';

/** The drill:live report: each check's outcome and counts per drill, and the last line's exact shape. */
describe('drill:live report', () => {
  it('a failed check is a violation in words; the last line is {"drills": {...}, "violations": n}', () => {
    const good = new DrillLog();
    good.check('reconnected', true, 'never reconnected');
    good.count('decisions', 5);
    const bad = new DrillLog();
    bad.check('tested', ['nothing was tested: the day produced no entry']);
    bad.check('tested', []); // a later pass does not undo an earlier failure
    bad.check('noEntryWithoutLock', false, 'an entry went out without the lock');
    const results = { ticker_drop: good.result(1.5), redis_outage: bad.result(2) };
    expect(totalViolations(results)).toBe(2);
    const line = JSON.parse(liveDrillJson(results));
    expect(Object.keys(line)).toEqual(['drills', 'violations']);
    expect(line.violations).toBe(2);
    expect(line.drills.ticker_drop).toEqual({
      checks: { reconnected: true },
      counts: { decisions: 5 },
      violations: [],
      seconds: 1.5,
    });
    expect(line.drills.redis_outage.checks).toEqual({ tested: false, noEntryWithoutLock: false });
    expect(line.drills.redis_outage.violations).toEqual([
      'tested: nothing was tested: the day produced no entry',
      'noEntryWithoutLock: an entry went out without the lock',
    ]);
    expect(liveDrillTable(results)).toMatch(/redis_outage\s+2 violation\(s\)[\s\S]*tested FAILED/);
  });
});
