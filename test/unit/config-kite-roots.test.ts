import { loadConfig } from '../../app/config';

describe('configuration: Kite roots', () => {
  it("defaults to Kite's own REST and ticker roots", () => {
    expect(loadConfig({})).toMatchObject({
      kiteRoot: 'https://api.kite.trade',
      kiteTickerRoot: 'wss://ws.kite.trade/',
    });
  });

  it('takes KITE_ROOT and KITE_TICKER_ROOT (a simulator)', () => {
    expect(
      loadConfig({ KITE_ROOT: 'http://127.0.0.1:8766', KITE_TICKER_ROOT: 'ws://127.0.0.1:8766/ws' }),
    ).toMatchObject({ kiteRoot: 'http://127.0.0.1:8766', kiteTickerRoot: 'ws://127.0.0.1:8766/ws' });
  });

  it('names each bad root', () => {
    expect(() => loadConfig({ KITE_ROOT: 'api.kite.trade', KITE_TICKER_ROOT: 'http://x' })).toThrow(
      /KITE_ROOT: must be an http\(s\):\/\/ URL[\s\S]*KITE_TICKER_ROOT: must be a ws\(s\):\/\/ URL/,
    );
  });
});
