/** Kite: at most 3,000 instruments per ticker connection, and 3 connections per API key. */
export const KITE_TOKENS_PER_CONNECTION = 3000;
export const KITE_CONNECTIONS_PER_KEY = 3;

export class TooManyTokensError extends Error {}

/**
 * Spreads tokens over ticker connections, at most `perConnection` each and `maxConnections` in
 * all, moving as few as possible: a token already on a connection stays there while it is
 * wanted; new tokens fill the emptiest connections first (a new connection opens only when the
 * others are full). More tokens than the connections can carry is an error that names the numbers,
 * never a silent drop.
 */
export function shardTokens(
  wanted: Iterable<number>,
  previous: readonly (readonly number[])[] = [],
  perConnection = KITE_TOKENS_PER_CONNECTION,
  maxConnections = KITE_CONNECTIONS_PER_KEY,
): number[][] {
  const want = new Set(wanted);
  if (want.size > perConnection * maxConnections)
    throw new TooManyTokensError(
      `${want.size} instruments wanted; ${maxConnections} connections of ${perConnection} carry at most ${perConnection * maxConnections}`,
    );
  const shards: number[][] = previous.slice(0, maxConnections).map((s) => s.filter((t) => want.has(t)));
  const placed = new Set(shards.flat());
  // A connection over its limit (a smaller limit than before) gives back its excess.
  for (const s of shards) while (s.length > perConnection) placed.delete(s.pop() as number);
  const fresh = [...want].filter((t) => !placed.has(t)).sort((a, b) => a - b);
  for (const t of fresh) {
    let target = shards.filter((s) => s.length < perConnection).sort((a, b) => a.length - b.length)[0];
    if (target === undefined) {
      target = []; // every connection is full: open another (the count was checked above)
      shards.push(target);
    }
    target.push(t);
  }
  return shards.filter((s) => s.length > 0);
}
