import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { DateTime as Luxon } from 'luxon';
import { type Paise, parseRupees, toRupeeString } from '../domain/money/paise';

/** Rupees as an exact decimal string with two decimals ("1234.50", "-0.05"); integer paise inside. */
export const Money = new GraphQLScalarType<Paise, string>({
  name: 'Money',
  description: 'Rupees as an exact decimal string with two decimals, e.g. "1234.50" (never a float).',
  serialize(value) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value))
      throw new GraphQLError(`Money cannot represent ${String(value)}`);
    return toRupeeString(value);
  },
  parseValue(value) {
    if (typeof value !== 'string') throw new GraphQLError('Money must be a decimal string such as "1234.50"');
    try {
      return parseRupees(value);
    } catch (err) {
      throw new GraphQLError((err as Error).message);
    }
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Money must be a decimal string such as "1234.50"');
    return this.parseValue!(ast.value) as Paise;
  },
});

/** IST is UTC+05:30 all year (no daylight saving). */
const IST_OFFSET_MS = 330 * 60_000;

/** `2025-09-04T09:30:00.000+05:30`: the instant at IST's fixed offset (fast: answers carry many times). */
export function istIso(ms: number): string {
  return `${new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 23)}+05:30`;
}

/** An instant as ISO-8601 with the exchange's offset (IST, +05:30), e.g. "2025-09-04T09:30:00.000+05:30". */
export const DateTime = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An instant, ISO-8601 with offset (shown in IST, +05:30), e.g. "2025-09-04T09:30:00.000+05:30".',
  serialize(value) {
    const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(ms)) throw new GraphQLError(`DateTime cannot represent ${String(value)}`);
    return istIso(ms);
  },
  parseValue(value) {
    const d = typeof value === 'string' ? Luxon.fromISO(value, { setZone: true }) : null;
    if (!d?.isValid || !/([+-]\d{2}:\d{2}|Z)$/.test(value as string))
      throw new GraphQLError('DateTime must be ISO-8601 with an offset, e.g. "2025-09-04T09:30:00+05:30"');
    return d.toUTC().toISO()!;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string');
    return this.parseValue!(ast.value) as string;
  },
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A trading day: the IST calendar date, YYYY-MM-DD. */
export const TradingDay = new GraphQLScalarType<string, string>({
  name: 'TradingDay',
  description: 'An IST calendar date, YYYY-MM-DD.',
  serialize(value) {
    if (typeof value !== 'string' || !DAY.test(value)) throw new GraphQLError(`TradingDay cannot represent ${value}`);
    return value;
  },
  parseValue(value) {
    if (typeof value !== 'string' || !DAY.test(value) || !Luxon.fromISO(value).isValid)
      throw new GraphQLError(`TradingDay must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('TradingDay must be a string YYYY-MM-DD');
    return this.parseValue!(ast.value) as string;
  },
});
