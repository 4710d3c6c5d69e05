/**
 * A read (GET, or a GraphQL query) over HTTP, tried again twice when the connection itself fails
 * ("fetch failed": a socket the server closed under the drill, a machine too loaded to answer in
 * time); an HTTP answer, whatever its status, is returned as it is. Writes are never retried here:
 * arming a fault twice is not the same as once.
 */
export async function readWithRetry(url: string, init: RequestInit = {}, attempts = 3): Promise<Response> {
  for (let i = 1; ; i++) {
    try {
      return await fetch(url, init);
    } catch (err) {
      if (i >= attempts) throw new Error(`${init.method ?? 'GET'} ${url}: ${describe(err)}`);
      await new Promise((r) => setTimeout(r, 250 * i));
    }
  }
}

/** A fetch failure with its cause (undici puts the socket's error there). */
export function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
}
