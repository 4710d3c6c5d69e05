import { asArray, asRecord } from './kite-fields';
import type { KiteIssue } from './kite-issue';
import { KiteParseError } from './kite-parse-error';

export interface ParsedList<T> {
  readonly items: T[];
  readonly issues: KiteIssue[];
}

/**
 * Parses every item of a Kite list on its own. The account's order book and positions hold
 * whatever the trader did by hand too (MTF or CO products, TTL validity, currency futures priced
 * in fractions of a paisa): such an item is reported as an issue and left out, and the rest still
 * parse. The list itself not being a list is an error for the caller.
 */
export function parseEach<T>(
  source: string,
  raw: unknown,
  parseOne: (item: unknown, path: string) => T,
): ParsedList<T> {
  const items: T[] = [];
  const issues: KiteIssue[] = [];
  asArray(raw, source).forEach((item, i) => {
    try {
      items.push(parseOne(item, `${source}[${i}]`));
    } catch (e) {
      if (!(e instanceof KiteParseError)) throw e;
      issues.push({ source, id: itemId(item), reason: e.message });
    }
  });
  return { items, issues };
}

function itemId(item: unknown): string | null {
  try {
    const r = asRecord(item, 'item');
    for (const key of ['trade_id', 'order_id']) {
      if (typeof r[key] === 'string') return r[key] as string;
    }
    return typeof r.exchange === 'string' && typeof r.tradingsymbol === 'string'
      ? `${r.exchange}:${r.tradingsymbol}`
      : null;
  } catch {
    return null;
  }
}
