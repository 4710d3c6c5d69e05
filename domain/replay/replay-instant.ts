import { CalendarError, inIst, isIsoDate, normalizeInstant, tradingDayOf } from '../calendar/ist-time';
import { DomainRefusal } from '../events/decider';

/** The day and instant of a book replay, checked: a real IST date and an instant within that IST day. */
export interface ReplayInstant {
  readonly tradingDay: string;
  /** ISO-8601 UTC. */
  readonly at: string;
  readonly atMs: number;
}

/**
 * Refuses (INVALID_INPUT) a malformed day, an instant without a zone, and an instant whose IST date
 * is not the trading day: a replay of a day is asked at an instant of that day.
 */
export function replayInstant(tradingDay: string, at: string): ReplayInstant {
  if (typeof tradingDay !== 'string' || !isIsoDate(tradingDay))
    throw new DomainRefusal(
      'INVALID_INPUT',
      `trading day must be a date YYYY-MM-DD, got ${JSON.stringify(tradingDay)}`,
    );
  let utc: string;
  try {
    utc = normalizeInstant(at);
  } catch (err) {
    if (err instanceof CalendarError) throw new DomainRefusal('INVALID_INPUT', err.message);
    throw err;
  }
  const day = tradingDayOf(utc);
  if (day !== tradingDay) {
    const ist = inIst(utc).toFormat("yyyy-MM-dd HH:mm:ss 'IST'");
    throw new DomainRefusal(
      'INVALID_INPUT',
      `at ${at} is ${ist}, outside trading day ${tradingDay}: give an instant of that IST day (00:00 to 24:00 IST)`,
    );
  }
  return { tradingDay, at: utc, atMs: Date.parse(utc) };
}
