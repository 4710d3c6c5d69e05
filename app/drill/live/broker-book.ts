import { KiteConnect } from 'kiteconnect';
import { type BookOrder, type BookPosition, fromKiteOrder, type KiteOrderRow } from './book-order';
import type { SimHandle } from './sim-handle';

/** The simulator's order book and positions, read with the official `kiteconnect` client (as a LIVE check must). */
export async function readBrokerBook(sim: SimHandle): Promise<{ orders: BookOrder[]; positions: BookPosition[] }> {
  const kc = new KiteConnect({ api_key: sim.apiKey, root: sim.restRoot } as ConstructorParameters<
    typeof KiteConnect
  >[0]);
  kc.setAccessToken(await sim.accessToken());
  const [orders, positions] = await Promise.all([kc.getOrders(), kc.getPositions()]);
  return {
    orders: (orders as unknown as KiteOrderRow[]).map(fromKiteOrder),
    positions: positions.net.map((p) => ({
      instrument: `${p.exchange}:${p.tradingsymbol}`,
      netQty: Number(p.quantity),
    })),
  };
}
