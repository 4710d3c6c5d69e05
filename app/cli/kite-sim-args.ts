/** Options of `npm run kite:sim`. */
export interface KiteSimArgs {
  readonly port: number;
  readonly host: string;
  /** Recorded bar files to play (any format of adapters/market-data); empty: the synthetic day. */
  readonly dayFiles: readonly string[];
  readonly seed: string;
  readonly instruments: number;
  readonly date: string | null;
  /** Market ms per wall ms. */
  readonly speed: number;
  /** Session time (IST `HH:MM`) the clock starts at; default the open, 09:15. */
  readonly from: string | null;
  readonly faultsFile: string | null;
  readonly postbackUrl: string | null;
  /** Session-clock ms before an order goes live or a cancel takes effect (OPEN PENDING, CANCEL PENDING meanwhile). */
  readonly latencyMs: number;
  /** No free access token (POST /sim/access-token answers 403): a client must log in, as at Kite. */
  readonly loginRequired: boolean;
}

export const KITE_SIM_USAGE = `usage: npm run kite:sim -- [--port 8766] [--host 127.0.0.1] [--day <file>... | --seed <n> [--instruments <n>]]
                         [--date YYYY-MM-DD] [--speed <factor>] [--from HH:MM] [--faults <file>] [--postback-url <url>] [--latency <ms>]
                         [--login-required]`;

export class KiteSimArgsError extends Error {}

/** Parses the command line; every mistake is a clear KiteSimArgsError. */
export function parseKiteSimArgs(argv: readonly string[]): KiteSimArgs {
  const out: { -readonly [K in keyof KiteSimArgs]: KiteSimArgs[K] } = {
    port: 8766,
    host: '127.0.0.1',
    dayFiles: [],
    seed: '1',
    instruments: 20,
    date: null,
    speed: 1,
    from: null,
    faultsFile: null,
    postbackUrl: null,
    latencyMs: 0,
    loginRequired: false,
  };
  let seedGiven = false;
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new KiteSimArgsError(`${flag} needs a value\n${KITE_SIM_USAGE}`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    switch (a) {
      case '--port': {
        const p = Number(value(i++, a));
        if (!Number.isInteger(p) || p < 0 || p > 65535) throw new KiteSimArgsError('--port must be 0-65535');
        out.port = p;
        break;
      }
      case '--host':
        out.host = value(i++, a);
        break;
      case '--day': {
        const files = [value(i++, a)];
        while (argv[i + 1] !== undefined && !(argv[i + 1] as string).startsWith('--')) files.push(argv[++i] as string);
        out.dayFiles = [...out.dayFiles, ...files];
        break;
      }
      case '--seed':
        out.seed = value(i++, a);
        seedGiven = true;
        break;
      case '--instruments': {
        const n = Number(value(i++, a));
        if (!Number.isInteger(n) || n < 1 || n > 500) throw new KiteSimArgsError('--instruments must be 1-500');
        out.instruments = n;
        break;
      }
      case '--date': {
        const d = value(i++, a);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new KiteSimArgsError(`--date must be YYYY-MM-DD, got '${d}'`);
        out.date = d;
        break;
      }
      case '--speed': {
        const f = Number(value(i++, a));
        if (!(f > 0) || !Number.isFinite(f)) throw new KiteSimArgsError('--speed must be a positive factor');
        out.speed = f;
        break;
      }
      case '--from': {
        const t = value(i++, a);
        if (!/^\d{2}:\d{2}$/.test(t)) throw new KiteSimArgsError(`--from must be HH:MM, got '${t}'`);
        out.from = t;
        break;
      }
      case '--faults':
        out.faultsFile = value(i++, a);
        break;
      case '--postback-url':
        out.postbackUrl = value(i++, a);
        break;
      case '--latency': {
        const ms = Number(value(i++, a));
        if (!Number.isInteger(ms) || ms < 0 || ms > 60_000) throw new KiteSimArgsError('--latency must be 0-60000 ms');
        out.latencyMs = ms;
        break;
      }
      case '--login-required':
        out.loginRequired = true;
        break;
      default:
        throw new KiteSimArgsError(`unknown argument '${a}'\n${KITE_SIM_USAGE}`);
    }
  }
  if (seedGiven && out.dayFiles.length > 0) throw new KiteSimArgsError('give either --day or --seed, not both');
  return out;
}
