import { ConfigError, loadConfig } from '../../app/config';
import { kiteLoginSettings } from '../../app/kite-login/kite-login-config';
import { kiteLoginUrl, parseRequestToken } from '../../app/kite-login/login-url';

describe('Kite login input', () => {
  it("builds Kite's v3 login URL for the API key", () => {
    expect(kiteLoginUrl('abc123')).toBe('https://kite.zerodha.com/connect/login?v=3&api_key=abc123');
  });

  it('takes the request token itself or out of the whole redirect URL', () => {
    expect(parseRequestToken('  Xy12abCD  \n')).toBe('Xy12abCD');
    expect(
      parseRequestToken(
        'https://desk.example.com/kite/login/callback?action=login&type=login&status=success&request_token=Rt9z',
      ),
    ).toBe('Rt9z');
    expect(parseRequestToken('http://127.0.0.1:4600/kite/login/callback?request_token=abc')).toBe('abc');
  });

  it('refuses a failed login, a URL without a token and junk, without echoing the input', () => {
    expect(() => parseRequestToken('https://x.example/cb?status=cancelled&request_token=abc')).toThrow(
      'the login did not succeed (status=cancelled)',
    );
    expect(() => parseRequestToken('https://x.example/cb?status=success')).toThrow('the URL carries no request_token');
    expect(() => parseRequestToken('secret token with spaces')).toThrow(/^not a request token/);
    try {
      parseRequestToken('secretvalue!!');
    } catch (e) {
      expect((e as Error).message).not.toContain('secretvalue');
    }
  });

  it('validates the Kite variables, naming every bad one and never echoing a value', () => {
    try {
      loadConfig({
        KITE_API_KEY: 'has spaces',
        KITE_API_SECRET: 'a b',
        KITE_ACCESS_TOKEN: 'x',
        KITE_TOKEN_KEY: 'tooShortKey',
      });
      throw new Error('should have thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      for (const v of ['KITE_API_KEY', 'KITE_API_SECRET', 'KITE_ACCESS_TOKEN', 'KITE_TOKEN_KEY'])
        expect(msg).toContain(`${v}:`);
      expect(msg).toContain('KITE_TOKEN_KEY: must be 32 bytes');
      expect(msg).not.toContain('tooShortKey');
    }
    const c = loadConfig({ KITE_API_KEY: 'k1', KITE_API_SECRET: 's3cr3t-x', KITE_TOKEN_KEY: 'ab'.repeat(32) });
    expect(c.kite.tokenKey?.length).toBe(32);
    expect(c.kite.accessToken).toBeUndefined();
    expect(kiteLoginSettings(c)).toMatchObject({ apiKey: 'k1', apiSecret: 's3cr3t-x', root: 'https://api.kite.trade' });
  });

  it('says which login settings are missing', () => {
    expect(() => kiteLoginSettings(loadConfig({ KITE_API_KEY: 'k1' }))).toThrow(
      /KITE_API_SECRET: not set[\s\S]*KITE_TOKEN_KEY: not set/,
    );
    expect(loadConfig({}).kite).toEqual({
      apiKey: undefined,
      apiSecret: undefined,
      accessToken: undefined,
      tokenKey: undefined,
    });
  });
});
