import { KiteConnect } from 'kiteconnect';
import { type BookOrder, type BookPosition, fromKiteOrder, type KiteOrderRow } from './book-order';
import type { SimHandle } from './sim-handle';

/** The official `kiteconnect` client on the simulator, with a fresh access token. */
async function client(sim: SimHandle): Promise<InstanceType<typeof KiteConnect>> {
  const kc = new KiteConnect({ api_key: sim.apiKey, root: sim.restRoot } as ConstructorParameters<
    typeof KiteConnect
  >[0]);
  kc.setAccessToken(await sim.accessToken());
  return kc;
}

/** The best bid and ask now (paise) of each instrument that has both, read with the official client. */
export async function readTouches(
  sim: SimHandle,
  keys: readonly string[],
): Promise<Map<string, { bid: number; ask: number }>> {
  const out = new Map<string, { bid: number; ask: number }>();
  if (keys.length === 0) return out;
  const quotes = await (await client(sim)).getQuote([...keys]);
  for (const [key, q] of Object.entries(quotes)) {
    const bid = q.depth?.buy?.[0]?.price;
    const ask = q.depth?.sell?.[0]?.price;
    // The client gives rupees as floats: back to whole paise before any arithmetic.
    if (bid && ask) out.set(key, { bid: Math.round(bid * 100), ask: Math.round(ask * 100) });
  }
  return out;
}

/** The simulator's order book and positions, read with the official `kiteconnect` client (as a LIVE check must). */
export async function readBrokerBook(sim: SimHandle): Promise<{ orders: BookOrder[]; positions: BookPosition[] }> {
  const kc = await client(sim);
  const [orders, positions] = await Promise.all([kc.getOrders(), kc.getPositions()]);
  return {
    orders: (orders as unknown as KiteOrderRow[]).map(fromKiteOrder),
    positions: positions.net.map((p) => ({
      instrument: `${p.exchange}:${p.tradingsymbol}`,
      netQty: Number(p.quantity),
    })),
  };
}
