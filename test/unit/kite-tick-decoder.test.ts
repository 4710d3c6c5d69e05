import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KiteTicker } from 'kiteconnect';
import { KiteParseError } from '../../adapters/kite/kite-parse-error';
import { decodeKiteTickFrame } from '../../adapters/kite/tick-frame-decoder';

const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures/kite');
const bytes = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));
const json = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));
const paise = (rupees: number) => Math.round(rupees * 100);

/** ticker_*.packet hold one bare packet in base64: frame it as the WebSocket delivers it. */
function framed(name: string): Buffer {
  const packet = Buffer.from(readFileSync(path.join(FIXTURES, name), 'utf8').trim(), 'base64');
  const header = Buffer.alloc(4);
  header.writeUInt16BE(1, 0);
  header.writeUInt16BE(packet.length, 2);
  return Buffer.concat([header, packet]);
}

/** The library's own decoder (floats of rupees), as an independent check of ours. */
function libraryTicks(frame: Buffer): Array<Record<string, unknown>> {
  const ticker = new KiteTicker({ api_key: 'test', access_token: 'test', reconnect: false });
  const buffer = frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength) as ArrayBuffer;
  return (ticker as unknown as { parseBinary(b: ArrayBuffer): Array<Record<string, unknown>> }).parseBinary(buffer);
}

describe('Kite ticker binary frames -> ticks in paise', () => {
  it('decodes the full-mode frame to the values kiteconnect 5.3.0 gives (README): 392.95, volume 22261032', () => {
    const { ticks, skipped } = decodeKiteTickFrame(bytes('fullMode_binary.packet'));
    expect(skipped).toEqual([]);
    expect(ticks).toHaveLength(1);
    const tick = ticks[0]!;
    expect(tick).toMatchObject({
      token: 884737,
      mode: 'full',
      tradable: true,
      lastPrice: 39295,
      trading: expect.objectContaining({ volume: 22261032 }),
      lastTradeAt: '2022-06-16T10:27:44.000Z',
    });
    expect(tick.depth?.buy).toHaveLength(5);
    expect(tick.depth?.sell).toHaveLength(5);
  });

  it('decodes ltp and quote frames of the same instrument', () => {
    expect(decodeKiteTickFrame(bytes('ltpMode_binary.packet')).ticks).toEqual([
      { token: 884737, mode: 'ltp', tradable: true, lastPrice: 39295 },
    ]);
    const [quote] = decodeKiteTickFrame(bytes('quoteMode_binary.packet')).ticks;
    expect(quote).toMatchObject({ mode: 'quote', lastPrice: 39295, trading: { volume: 22261032 } });
    expect(quote).not.toHaveProperty('depth');
  });

  it.each(['ltpMode_binary.packet', 'quoteMode_binary.packet', 'fullMode_binary.packet'])(
    "agrees with the library's parseBinary on %s, field by field",
    (name) => {
      const [ours] = decodeKiteTickFrame(bytes(name)).ticks;
      const [lib] = libraryTicks(bytes(name));
      expect(ours?.lastPrice).toBe(paise(lib?.last_price as number));
      if (lib?.mode === 'ltp') return;
      const ohlc = lib?.ohlc as Record<string, number>;
      expect(ours?.ohlc).toEqual({
        open: paise(ohlc.open!),
        high: paise(ohlc.high!),
        low: paise(ohlc.low!),
        close: paise(ohlc.close!),
      });
      expect(ours?.trading).toEqual({
        lastQuantity: lib?.last_traded_quantity,
        averagePrice: paise(lib?.average_traded_price as number),
        volume: lib?.volume_traded,
        buyQuantity: lib?.total_buy_quantity,
        sellQuantity: lib?.total_sell_quantity,
      });
      if (lib?.mode !== 'full') return;
      const depth = lib.depth as { buy: Array<Record<string, number>>; sell: Array<Record<string, number>> };
      const levels = (side: Array<Record<string, number>>) =>
        side.map((l) => ({ price: paise(l.price!), quantity: l.quantity, orders: l.orders }));
      expect(ours?.depth).toEqual({ buy: levels(depth.buy), sell: levels(depth.sell) });
      expect(ours?.openInterest).toEqual({ oi: lib.oi, dayHigh: lib.oi_day_high, dayLow: lib.oi_day_low });
    },
  );

  it("decodes INFY's full packet to the published tick (ticker_full.json)", () => {
    const expected = json('ticker_full.json');
    const [tick] = decodeKiteTickFrame(framed('ticker_full.packet')).ticks;
    expect(tick).toEqual({
      token: expected.instrument_token,
      mode: 'full',
      tradable: true,
      lastPrice: paise(expected.last_price),
      trading: {
        lastQuantity: expected.last_quantity,
        averagePrice: paise(expected.average_price),
        volume: expected.volume,
        buyQuantity: expected.buy_quantity,
        sellQuantity: expected.sell_quantity,
      },
      ohlc: {
        open: paise(expected.ohlc.open),
        high: paise(expected.ohlc.high),
        low: paise(expected.ohlc.low),
        close: paise(expected.ohlc.close),
      },
      lastTradeAt: '2021-07-05T05:11:27.000Z',
      exchangeAt: '2021-07-05T05:11:27.000Z',
      openInterest: { oi: 0, dayHigh: 0, dayLow: 0 },
      depth: {
        buy: expected.depth.buy.map((l: { price: number; quantity: number; orders: number }) => ({
          ...l,
          price: paise(l.price),
        })),
        sell: expected.depth.sell.map((l: { price: number; quantity: number; orders: number }) => ({
          ...l,
          price: paise(l.price),
        })),
      },
    });
    expect(tick?.lastPrice).toBe(157370);
  });

  it("decodes INFY's quote packet to the published tick (ticker_quote.json)", () => {
    const expected = json('ticker_quote.json');
    const [tick] = decodeKiteTickFrame(framed('ticker_quote.packet')).ticks;
    expect(tick).toMatchObject({
      token: 408065,
      mode: 'quote',
      lastPrice: 157315,
      trading: { lastQuantity: 1, averagePrice: 157033, volume: expected.volume, buyQuantity: 256511 },
      ohlc: { open: 156915, high: 157500, low: 156105, close: 156780 },
    });
  });

  it('decodes several packets in one frame, indices as not tradable, and skips currency packets', () => {
    const ltp = (token: number, price: number) => {
      const p = Buffer.alloc(10);
      p.writeUInt16BE(8, 0);
      p.writeUInt32BE(token, 2);
      p.writeInt32BE(price, 6);
      return p;
    };
    const count = Buffer.alloc(2);
    count.writeUInt16BE(3, 0);
    const nifty = 256265; // low byte 9: indices
    const usdinr = 412675; // low byte 3: CDS
    const frame = Buffer.concat([count, ltp(884737, 39295), ltp(nifty, 2480005), ltp(usdinr, 727550000)]);
    const { ticks, skipped } = decodeKiteTickFrame(frame);
    expect(ticks).toEqual([
      { token: 884737, mode: 'ltp', tradable: true, lastPrice: 39295 },
      { token: nifty, mode: 'ltp', tradable: false, lastPrice: 2480005 },
    ]);
    expect(skipped).toEqual([{ token: usdinr, reason: expect.stringContaining('currency') }]);
  });

  it('treats a 1-byte heartbeat as empty and a truncated frame as an error', () => {
    expect(decodeKiteTickFrame(new Uint8Array([0]))).toEqual({ ticks: [], skipped: [] });
    const full = bytes('fullMode_binary.packet');
    expect(() => decodeKiteTickFrame(full.subarray(0, 100))).toThrow(KiteParseError);
  });

  it('reads from an ArrayBuffer as the socket delivers it', () => {
    const b = bytes('ltpMode_binary.packet');
    const ab = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    expect(decodeKiteTickFrame(ab).ticks[0]?.lastPrice).toBe(39295);
  });
});
