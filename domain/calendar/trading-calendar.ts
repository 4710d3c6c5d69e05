import { DateTime } from 'luxon';
import { type HolidayData, parseHolidayData } from './holiday-data';
import { assertIsoDate, CalendarError, IST_ZONE, type IsoDate, inIst, toUtcIso, type UtcInstant } from './ist-time';
import type { SessionPhase } from './session-phase';
import { minutesOfDay, resolveSessionTimes, type SessionTimeName, type SessionTimes } from './session-times';

const SATURDAY = 6;
const SUNDAY = 7;
/** No real calendar has this many closed days in a row; beyond it the data is broken. */
const MAX_CLOSED_RUN = 60;

/**
 * The NSE trading calendar in IST: trading days (weekdays that are not holidays, plus special
 * weekend sessions) and the session clock. The holiday list is data handed in (see
 * `parseHolidayData`); this class does no I/O and never reads the clock.
 */
export class TradingCalendar {
  readonly session: SessionTimes;
  private readonly holidays: ReadonlyMap<IsoDate, string>;
  private readonly specialSessions: ReadonlyMap<IsoDate, string>;
  private readonly years: ReadonlySet<number>;
  private readonly sessionMsByDay = new Map<IsoDate, Readonly<Record<SessionTimeName, number>>>();

  constructor(data: HolidayData, session: Partial<SessionTimes> = {}) {
    const checked = parseHolidayData(data);
    this.holidays = new Map(checked.holidays.map((d) => [d.date, d.name]));
    this.specialSessions = new Map(checked.specialSessions.map((d) => [d.date, d.name]));
    this.years = new Set(checked.years);
    this.session = resolveSessionTimes(session);
  }

  /** Whether the holiday list is complete for this day's year (if not, only weekends are known). */
  covers(day: IsoDate): boolean {
    return this.years.has(Number(assertIsoDate(day).slice(0, 4)));
  }

  /** The holiday's name when `day` is a listed holiday. */
  holidayName(day: IsoDate): string | undefined {
    return this.holidays.get(assertIsoDate(day));
  }

  isTradingDay(day: IsoDate): boolean {
    assertIsoDate(day);
    if (this.specialSessions.has(day)) return true;
    if (this.holidays.has(day)) return false;
    const weekday = DateTime.fromISO(day, { zone: IST_ZONE }).weekday;
    return weekday !== SATURDAY && weekday !== SUNDAY;
  }

  /** The first trading day strictly after `day`. */
  nextTradingDay(day: IsoDate): IsoDate {
    return this.step(day, 1);
  }

  /** The last trading day strictly before `day`. */
  previousTradingDay(day: IsoDate): IsoDate {
    return this.step(day, -1);
  }

  /** The instant (UTC) of a session time on a trading day; a CalendarError on a closed day. */
  sessionInstant(day: IsoDate, time: SessionTimeName): UtcInstant {
    if (!this.isTradingDay(day)) throw new CalendarError(`${day} is not an NSE trading day: it has no ${time} time`);
    return toUtcIso(this.wallClock(day, time));
  }

  /** Where `instant` falls in its IST trading day (see SessionPhase). */
  sessionPhase(instant: UtcInstant): SessionPhase {
    const ist = inIst(instant);
    const day = ist.toISODate() as IsoDate;
    if (!this.isTradingDay(day)) return 'CLOSED';
    const at = ist.toMillis();
    const times = this.sessionMs(day);
    const reached = (time: SessionTimeName) => at >= times[time];
    if (reached('close')) return 'CLOSED';
    if (reached('flatten')) return 'FLATTEN';
    if (reached('tighten')) return 'TIGHTEN';
    if (reached('open')) return 'OPEN';
    if (reached('preOpen')) return 'PRE_OPEN';
    return 'CLOSED';
  }

  /** The session's instants (epoch ms) on `day`, computed once per day: asked at every scan. */
  private sessionMs(day: IsoDate): Readonly<Record<SessionTimeName, number>> {
    let times = this.sessionMsByDay.get(day);
    if (times === undefined) {
      const at = (t: SessionTimeName) => this.wallClock(day, t).toMillis();
      times = {
        preOpen: at('preOpen'),
        open: at('open'),
        tighten: at('tighten'),
        flatten: at('flatten'),
        close: at('close'),
      };
      if (this.sessionMsByDay.size >= 64) this.sessionMsByDay.clear();
      this.sessionMsByDay.set(day, times);
    }
    return times;
  }

  private wallClock(day: IsoDate, time: SessionTimeName): DateTime {
    const minutes = minutesOfDay(this.session[time]);
    return DateTime.fromISO(day, { zone: IST_ZONE }).set({ hour: Math.floor(minutes / 60), minute: minutes % 60 });
  }

  private step(day: IsoDate, direction: 1 | -1): IsoDate {
    let d = DateTime.fromISO(assertIsoDate(day), { zone: IST_ZONE });
    for (let i = 0; i < MAX_CLOSED_RUN; i++) {
      d = d.plus({ days: direction });
      const candidate = d.toISODate() as IsoDate;
      if (this.isTradingDay(candidate)) return candidate;
    }
    throw new CalendarError(`no trading day within ${MAX_CLOSED_RUN} days of ${day}: the holiday data looks wrong`);
  }
}
