/**
 * The suite's own Redis database (an index of the one server): traders of one Kite API key share
 * a leader lock, so two suites running traders at once on one database would hold each other off.
 */
export function redisDbUrl(db: number, base = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'): string {
  const url = new URL(base);
  url.pathname = `/${db}`;
  return url.toString();
}
