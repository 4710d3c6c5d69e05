import { parseBurninArgs } from '../../app/burnin/burnin-args';
import { ArgsError } from '../../app/paper/paper-args';
import { burninVerdict } from '../../domain/burnin/verdict';

const day = (tradingDay: string, ok: boolean) => ({ tradingDay, gates: { a: true, 'signals >= 5': ok } });

describe('burn-in verdict (the seed plan: 3 consecutive days passing every gate)', () => {
  it('is GO on three consecutive passing days, wherever they are', () => {
    const v = burninVerdict([day('d1', false), day('d2', true), day('d3', true), day('d4', true), day('d5', false)]);
    expect(v.go).toBe(true);
    expect(v.longestRun).toEqual({ from: 'd2', to: 'd4', days: 3 });
    expect(v.failing).toEqual([
      { tradingDay: 'd1', gates: ['signals >= 5'] },
      { tradingDay: 'd5', gates: ['signals >= 5'] },
    ]);
  });

  it('is NO-GO when no three passing days are consecutive, and names the failing days and gates', () => {
    const v = burninVerdict([day('d1', true), day('d2', true), day('d3', false), day('d4', true), day('d5', true)]);
    expect(v.go).toBe(false);
    expect(v.longestRun).toEqual({ from: 'd1', to: 'd2', days: 2 });
    expect(v.failing).toEqual([{ tradingDay: 'd3', gates: ['signals >= 5'] }]);
    expect(burninVerdict([]).go).toBe(false);
    expect(burninVerdict([day('d1', false)]).longestRun).toBeNull();
  });
});

describe('npm run burnin arguments', () => {
  it('takes several paths after --days, dates and an output folder', () => {
    expect(
      parseBurninArgs(['--days', 'a', 'b/c.csv', '--from', '2017-09-27', '--to', '2017-10-05', '--out', 'o']),
    ).toEqual({
      days: ['a', 'b/c.csv'],
      from: '2017-09-27',
      to: '2017-10-05',
      out: 'o',
      config: null,
      quiet: false,
    });
  });

  it('refuses what it cannot use', () => {
    expect(() => parseBurninArgs([])).toThrow(ArgsError);
    expect(() => parseBurninArgs(['--days'])).toThrow(/--days needs a value/);
    expect(() => parseBurninArgs(['--days', 'a', '--from', '27-09-2017'])).toThrow(/YYYY-MM-DD/);
    expect(() => parseBurninArgs(['--days', 'a', '--from', '2017-10-02', '--to', '2017-10-01'])).toThrow(/after/);
    expect(() => parseBurninArgs(['--days', 'a', '--bogus'])).toThrow(/unknown argument/);
  });
});
