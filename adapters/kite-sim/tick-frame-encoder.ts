import type { KiteTickMode } from '../kite/kite-tick';
import type { SimQuote } from './sim-market';
import { DEPTH_LEVELS } from './spread-model';

/** Packet sizes of Kite's ticker: ltp; index quote and full; quote and full. */
const LTP = 8;
const INDEX_QUOTE = 28;
const INDEX_FULL = 32;
const QUOTE = 44;
const FULL = 184;

const seconds = (ms: number): number => Math.floor(ms / 1000);

/**
 * One quote as a Kite ticker packet in `mode`, big-endian, prices in paise (Kite's integers for
 * every segment but currency): ltp 8 bytes; an index 28 (quote) or 32 (full, with the exchange
 * time); a tradable instrument 44 (quote) or 184 (full: last trade time, OI, exchange time and 5+5
 * depth levels of quantity, price, orders).
 */
export function encodeTickPacket(q: SimQuote, mode: KiteTickMode): Uint8Array {
  const index = q.book === null;
  const size =
    mode === 'ltp' ? LTP : index ? (mode === 'full' ? INDEX_FULL : INDEX_QUOTE) : mode === 'full' ? FULL : QUOTE;
  const buf = new Uint8Array(size);
  const v = new DataView(buf.buffer);
  const put = (at: number, n: number): void => v.setInt32(at, Math.round(n));
  put(0, q.instrument.token);
  put(4, q.last);
  if (mode === 'ltp') return buf;
  if (index) {
    put(8, q.high);
    put(12, q.low);
    put(16, q.open);
    put(20, q.close);
    put(24, q.last - q.close);
    if (mode === 'full') put(28, seconds(q.atMs));
    return buf;
  }
  const book = q.book;
  put(8, q.lastQty);
  put(12, q.averagePrice);
  put(16, q.volume);
  put(20, book ? book.buy.reduce((s, l) => s + l.quantity, 0) : 0);
  put(24, book ? book.sell.reduce((s, l) => s + l.quantity, 0) : 0);
  put(28, q.open);
  put(32, q.high);
  put(36, q.low);
  put(40, q.close);
  if (mode !== 'full') return buf;
  put(44, seconds(q.lastTradeMs));
  put(48, q.oi);
  put(52, q.oi);
  put(56, q.oi);
  put(60, seconds(q.atMs));
  const levels = [...padded(book?.buy ?? []), ...padded(book?.sell ?? [])];
  levels.forEach((l, n) => {
    const at = 64 + n * 12;
    put(at, l.quantity);
    put(at + 4, l.price);
    v.setInt16(at + 8, Math.min(l.orders, 0x7fff));
  });
  return buf;
}

function padded<T extends { price: number; quantity: number; orders: number }>(levels: readonly T[]) {
  const out: { price: number; quantity: number; orders: number }[] = levels.slice(0, DEPTH_LEVELS);
  while (out.length < DEPTH_LEVELS) out.push({ price: 0, quantity: 0, orders: 0 });
  return out;
}

/** Packets framed as one WebSocket message: [uint16 count] then [uint16 length][packet] each. */
export function encodeTickFrame(packets: readonly Uint8Array[]): Uint8Array {
  const size = 2 + packets.reduce((s, p) => s + 2 + p.byteLength, 0);
  const buf = new Uint8Array(size);
  const v = new DataView(buf.buffer);
  v.setUint16(0, packets.length);
  let at = 2;
  for (const p of packets) {
    v.setUint16(at, p.byteLength);
    buf.set(p, at + 2);
    at += 2 + p.byteLength;
  }
  return buf;
}
