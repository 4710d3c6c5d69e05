import { createInterface } from 'node:readline';
import pino from 'pino';
import { wallClock } from '../../adapters/kite/wall-clock';
import { createLogger } from '../../adapters/log/logger';
import { PgKiteSessionStore } from '../../adapters/postgres/pg-kite-session-store';
import { loadConfig } from '../config';
import { openDatabase } from '../database';
import { exchangeRequestToken } from '../kite-login/exchange';
import { istText } from '../kite-login/ist-text';
import { kiteLoginSettings } from '../kite-login/kite-login-config';
import { KITE_LOGIN_CALLBACK_PATH } from '../kite-login/login-route';
import { kiteLoginUrl, parseRequestToken } from '../kite-login/login-url';
import { simulatorAt } from '../kite-login/simulator-probe';

const USAGE = 'usage: npm run kite:login [-- --request-token <token or redirect URL>]';

/**
 * `npm run kite:login`: prints Kite's login URL, takes the request token (pasted, or the whole
 * redirect URL, or --request-token), exchanges it for the day's access token and stores that
 * sealed (KITE_TOKEN_KEY). Prints who logged in and when the token lapses; never a token.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const i = args.indexOf('--request-token');
  const given = i >= 0 ? args[i + 1] : undefined;
  if ((i >= 0 && (given === undefined || given.startsWith('--'))) || args.length !== (i >= 0 ? 2 : 0)) {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const env = loadConfig();
  const settings = kiteLoginSettings(env);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  let input = given;
  if (input === undefined) {
    out(`Open Kite's login page and log in:\n  ${kiteLoginUrl(settings.apiKey)}`);
    out(
      `Kite then redirects to the app's redirect URL (register <API origin>${KITE_LOGIN_CALLBACK_PATH} to have npm start take it).`,
    );
    if (await simulatorAt(settings.root))
      out(
        `KITE_ROOT ${settings.root} is a Kite simulator: it has no login page and takes any request token (e.g. type sim-login).`,
      );
    input = await ask('Paste the request token or the whole redirect URL: ');
    if (!process.stdin.isTTY) out('');
  }
  const requestToken = parseRequestToken(input);
  const level = process.env.LOG_LEVEL ? env.logLevel : 'warn';
  const log = createLogger({ level, name: 'kite-login', destination: pino.destination(2) as never });
  const db = await openDatabase(env, log, 2);
  try {
    const store = new PgKiteSessionStore(db.pool, settings.tokenKey);
    const login = await exchangeRequestToken({ ...settings, store, clock: wallClock }, requestToken);
    const who = login.userName ? `${login.userName} (${login.userId})` : login.userId;
    log.info({ userId: login.userId, expiresAt: login.expiresAt }, 'kite login stored');
    out(`logged in as ${who} at ${istText(login.issuedAt)} IST`);
    out(
      `access token stored sealed (AES-256-GCM, KITE_TOKEN_KEY) in kite_sessions; it lapses at ${istText(login.expiresAt)} IST`,
    );
  } finally {
    await db.close();
  }
}

/** One line from stdin (the prompt on stdout); no line before stdin ends is an error. */
function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true });
  process.stdout.write(question);
  return new Promise((resolve, reject) => {
    rl.once('line', (line) => {
      resolve(line);
      rl.close();
    });
    rl.once('close', () => reject(new Error('no request token given')));
  });
}

main().catch((err) => {
  process.stderr.write(`kite:login: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
