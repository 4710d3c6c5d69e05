import { readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { parseHolidayData } from '../domain/calendar/holiday-data';
import { TradingCalendar } from '../domain/calendar/trading-calendar';

const ROOT = __dirname.includes(`${sep}dist${sep}`) ? resolve(__dirname, '../..') : resolve(__dirname, '..');

/** The project's folder (where config/ and migrations/ live), from source or from dist/. */
export function projectPath(...parts: string[]): string {
  return join(ROOT, ...parts);
}

/** The NSE calendar from config/nse-holidays.json (or another holiday file users keep up to date). */
export function loadCalendar(file = projectPath('config', 'nse-holidays.json')): TradingCalendar {
  return new TradingCalendar(parseHolidayData(JSON.parse(readFileSync(file, 'utf8'))));
}
