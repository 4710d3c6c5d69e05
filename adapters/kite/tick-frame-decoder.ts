import type { Paise } from '../../domain/money/paise';
import { KiteParseError } from './kite-parse-error';
import type { KiteDepthLevel, KiteTick, KiteTickMode } from './kite-tick';

/** A packet left out of the decoded ticks, and why (a segment not priced in paise, an unknown size). */
export interface SkippedTickPacket {
  readonly token: number | null;
  readonly reason: string;
}

export interface DecodedTickFrame {
  readonly ticks: KiteTick[];
  readonly skipped: SkippedTickPacket[];
}

/** Kite's segment codes (low byte of the instrument token). */
const SEGMENT_CDS = 3;
const SEGMENT_BCD = 6;
const SEGMENT_INDICES = 9;

/** Packet sizes: ltp; index quote and full; quote and full. */
const LTP = 8;
const INDEX_QUOTE = 28;
const INDEX_FULL = 32;
const QUOTE = 44;
const FULL = 184;
const DEPTH_LEVELS = 5;
const DEPTH_LEVEL_BYTES = 12;

/**
 * Decodes one binary WebSocket message of the Kite ticker: a big-endian frame of
 * [uint16 packet count] then, per packet, [uint16 length][packet]. Prices arrive as integers of
 * paise (Kite divides by 100 for every segment except currency, CDS and BCD, whose prices have
 * more decimals than paise: those packets are skipped and reported). A frame shorter than 2 bytes
 * is a heartbeat and holds nothing. A frame that ends inside a packet is an error.
 */
export function decodeKiteTickFrame(frame: ArrayBuffer | Uint8Array): DecodedTickFrame {
  const bytes = frame instanceof Uint8Array ? frame : new Uint8Array(frame);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ticks: KiteTick[] = [];
  const skipped: SkippedTickPacket[] = [];
  if (view.byteLength < 2) return { ticks, skipped };
  const count = view.getUint16(0);
  let at = 2;
  for (let i = 0; i < count; i++) {
    if (at + 2 > view.byteLength) throw new KiteParseError(`tick frame packet ${i}`, 'frame ends before its length');
    const size = view.getUint16(at);
    const start = at + 2;
    if (start + size > view.byteLength) {
      throw new KiteParseError(`tick frame packet ${i}`, `length ${size} runs past the frame end`);
    }
    const packet = new DataView(view.buffer, view.byteOffset + start, size);
    const decoded = decodePacket(packet);
    if ('reason' in decoded) skipped.push(decoded);
    else ticks.push(decoded);
    at = start + size;
  }
  return { ticks, skipped };
}

function decodePacket(p: DataView): KiteTick | SkippedTickPacket {
  if (p.byteLength < 4) return { token: null, reason: `packet of ${p.byteLength} bytes has no instrument token` };
  const token = p.getUint32(0);
  const segment = token & 0xff;
  if (segment === SEGMENT_CDS || segment === SEGMENT_BCD) {
    return { token, reason: 'currency segment prices are finer than paise' };
  }
  const tradable = segment !== SEGMENT_INDICES;
  const price = (offset: number): Paise => p.getInt32(offset);
  const count = (offset: number): number => p.getUint32(offset);
  const base = { token, tradable, lastPrice: price(4) };
  switch (p.byteLength) {
    case LTP:
      return { ...base, mode: 'ltp' };
    case INDEX_QUOTE:
    case INDEX_FULL: {
      const mode: KiteTickMode = p.byteLength === INDEX_FULL ? 'full' : 'quote';
      const ohlc = { high: price(8), low: price(12), open: price(16), close: price(20) };
      return mode === 'full' ? { ...base, mode, ohlc, exchangeAt: epochSeconds(count(28)) } : { ...base, mode, ohlc };
    }
    case QUOTE:
    case FULL: {
      const quote = {
        ...base,
        mode: 'quote' as KiteTickMode,
        trading: {
          lastQuantity: count(8),
          averagePrice: price(12),
          volume: count(16),
          buyQuantity: count(20),
          sellQuantity: count(24),
        },
        ohlc: { open: price(28), high: price(32), low: price(36), close: price(40) },
      };
      if (p.byteLength === QUOTE) return quote;
      return {
        ...quote,
        mode: 'full',
        lastTradeAt: epochSeconds(count(44)),
        openInterest: { oi: count(48), dayHigh: count(52), dayLow: count(56) },
        exchangeAt: epochSeconds(count(60)),
        depth: { buy: depthSide(p, 64), sell: depthSide(p, 64 + DEPTH_LEVELS * DEPTH_LEVEL_BYTES) },
      };
    }
    default:
      return { token, reason: `unknown packet size ${p.byteLength}` };
  }
}

/** Five levels of [uint32 quantity][int32 price][uint16 orders][2 bytes padding]. */
function depthSide(p: DataView, from: number): KiteDepthLevel[] {
  const levels: KiteDepthLevel[] = [];
  for (let i = 0; i < DEPTH_LEVELS; i++) {
    const at = from + i * DEPTH_LEVEL_BYTES;
    levels.push({ quantity: p.getUint32(at), price: p.getInt32(at + 4), orders: p.getUint16(at + 8) });
  }
  return levels;
}

function epochSeconds(s: number): string | null {
  return s === 0 ? null : new Date(s * 1000).toISOString();
}
