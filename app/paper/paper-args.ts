/** Options of `npm run paper`. */
export interface PaperArgs {
  /** Synthetic day's seed (default 1). */
  readonly seed: string;
  /** Synthetic day's number of stocks (default 20). */
  readonly instruments: number;
  /** A recorded day instead: bar files or folders of them (any format of adapters/market-data), merged into one day. */
  readonly dayFiles: readonly string[];
  /** The trading day: picks one day of a multi-day file, or the synthetic day's date. */
  readonly date: string | null;
  readonly speed: 'max' | number;
  readonly summaryJson: string | null;
  /** Keep serving the API and dashboard after the day ends. */
  readonly serve: boolean;
  /** A trading config file (default config/trading.json). */
  readonly config: string | null;
  /** No progress bar (e.g. in CI logs). */
  readonly quiet: boolean;
  /** Also write the day's burn-in report page (self-contained HTML) here. */
  readonly report: string | null;
}

export const PAPER_USAGE = `usage: npm run paper -- [--seed <n>] [--instruments <n>] [--day <file|folder>]... [--date YYYY-MM-DD]
                      [--speed max|<factor>] [--summary-json <path>] [--report <file.html>] [--config <file>] [--serve] [--quiet]`;

export class ArgsError extends Error {}

/** Parses the command line; every mistake is a clear ArgsError. */
export function parsePaperArgs(argv: readonly string[]): PaperArgs {
  const out: { -readonly [K in keyof PaperArgs]: PaperArgs[K] } = {
    seed: '1',
    instruments: 20,
    dayFiles: [],
    date: null,
    speed: 'max',
    summaryJson: null,
    serve: false,
    config: null,
    quiet: false,
    report: null,
  };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new ArgsError(`${flag} needs a value\n${PAPER_USAGE}`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    switch (a) {
      case '--seed':
        out.seed = value(i++, a);
        break;
      case '--instruments': {
        const n = Number(value(i++, a));
        if (!Number.isInteger(n) || n < 1 || n > 500)
          throw new ArgsError('--instruments must be a whole number from 1 to 500');
        out.instruments = n;
        break;
      }
      case '--day':
        out.dayFiles = [...out.dayFiles, value(i++, a)];
        break;
      case '--report':
        out.report = value(i++, a);
        break;
      case '--date': {
        const d = value(i++, a);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new ArgsError(`--date must be YYYY-MM-DD, got '${d}'`);
        out.date = d;
        break;
      }
      case '--speed': {
        const s = value(i++, a);
        if (s === 'max') out.speed = 'max';
        else {
          const f = Number(s);
          if (!(f > 0) || !Number.isFinite(f))
            throw new ArgsError(`--speed must be 'max' or a positive factor, got '${s}'`);
          out.speed = f;
        }
        break;
      }
      case '--summary-json':
        out.summaryJson = value(i++, a);
        break;
      case '--config':
        out.config = value(i++, a);
        break;
      case '--serve':
        out.serve = true;
        break;
      case '--quiet':
        out.quiet = true;
        break;
      default:
        throw new ArgsError(`unknown argument '${a}'\n${PAPER_USAGE}`);
    }
  }
  return out;
}
