import { ArgsError } from '../paper/paper-args';

/** Options of `npm run burnin`. */
export interface BurninArgs {
  readonly days: readonly string[];
  readonly from: string | null;
  readonly to: string | null;
  readonly out: string;
  readonly config: string | null;
  readonly quiet: boolean;
}

export const BURNIN_USAGE =
  'usage: npm run burnin -- --days <folder|file>... [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out <dir>] [--config <file>] [--quiet]';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses the command line: `--days` takes every value up to the next flag. */
export function parseBurninArgs(argv: readonly string[]): BurninArgs {
  const out = {
    days: [] as string[],
    from: null as string | null,
    to: null as string | null,
    out: 'burnin-report',
    config: null as string | null,
    quiet: false,
  };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new ArgsError(`${flag} needs a value\n${BURNIN_USAGE}`);
    return v;
  };
  const date = (i: number, flag: string) => {
    const d = value(i, flag);
    if (!DATE.test(d)) throw new ArgsError(`${flag} must be YYYY-MM-DD, got '${d}'`);
    return d;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    switch (a) {
      case '--days':
        value(i, a);
        while (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) out.days.push(argv[++i]!);
        break;
      case '--from':
        out.from = date(i++, a);
        break;
      case '--to':
        out.to = date(i++, a);
        break;
      case '--out':
        out.out = value(i++, a);
        break;
      case '--config':
        out.config = value(i++, a);
        break;
      case '--quiet':
        out.quiet = true;
        break;
      default:
        throw new ArgsError(`unknown argument '${a}'\n${BURNIN_USAGE}`);
    }
  }
  if (out.days.length === 0) throw new ArgsError(`--days is required\n${BURNIN_USAGE}`);
  if (out.from !== null && out.to !== null && out.from > out.to) throw new ArgsError('--from is after --to');
  return out;
}
