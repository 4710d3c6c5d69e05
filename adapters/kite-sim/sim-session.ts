import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { tokenError } from './kite-envelope';

/** Defaults of the simulator's app credentials (KITE_SIM_API_KEY, KITE_SIM_API_SECRET). */
export const DEFAULT_SIM_API_KEY = 'kitesim';
export const DEFAULT_SIM_API_SECRET = 'kitesim-secret';

/**
 * The simulator's sessions. There is no login page: any request token is exchanged for an access
 * token when its checksum (SHA-256 of api_key + request_token + api_secret) is right. Tokens live
 * until the simulator stops or `expireAll` (a token-expiry drill) is called.
 */
export class SimSessions {
  private readonly tokens = new Set<string>();

  constructor(
    readonly apiKey: string,
    readonly apiSecret: string,
  ) {}

  /** POST /session/token: the new access token, or TokenException. */
  exchange(apiKey: string, requestToken: string, checksum: string): string {
    if (apiKey !== this.apiKey) throw tokenError('Invalid `api_key`.');
    if (requestToken === '') throw tokenError('Token is invalid or has expired.');
    const expected = createHash('sha256')
      .update(this.apiKey + requestToken + this.apiSecret)
      .digest();
    const given = /^[0-9a-f]{64}$/i.test(checksum) ? Buffer.from(checksum, 'hex') : Buffer.alloc(0);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw tokenError('Invalid `checksum`.');
    return this.issue();
  }

  /** A fresh access token (tests and the CLI's `--print-token` use it). */
  issue(): string {
    const token = randomBytes(16).toString('hex');
    this.tokens.add(token);
    return token;
  }

  valid(apiKey: string, accessToken: string): boolean {
    return apiKey === this.apiKey && this.tokens.has(accessToken);
  }

  invalidate(accessToken: string): void {
    this.tokens.delete(accessToken);
  }

  /** Every token expires (Kite's ~06:00 IST expiry, on demand). */
  expireAll(): number {
    const n = this.tokens.size;
    this.tokens.clear();
    return n;
  }

  /** `Authorization: token api_key:access_token` -> the access token, or TokenException (403). */
  authorise(header: string | undefined): string {
    const m = /^token ([^:\s]+):(\S+)$/.exec(header ?? '');
    if (!m || !this.valid(m[1] as string, m[2] as string)) {
      throw tokenError('Incorrect `api_key` or `access_token`.');
    }
    return m[2] as string;
  }
}
