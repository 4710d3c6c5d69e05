import express, { type Express, type Response } from 'express';
import { exchangeRequestToken, type KiteLogin, type KiteLoginDeps, KiteLoginError } from './exchange';
import { istText } from './ist-text';
import { parseRequestToken, RequestTokenError } from './login-url';

/** The redirect URL to register at Kite (developers.kite.trade, the app's "Redirect URL"), under the API's origin. */
export const KITE_LOGIN_CALLBACK_PATH = '/kite/login/callback';

export interface KiteLoginRouteDeps extends KiteLoginDeps {
  /** Told of each stored login (the session keeper's refresh: the trader resumes at once). */
  readonly onLogin?: (login: KiteLogin) => void | Promise<void>;
  readonly log: {
    info(o: object, m: string): void;
    warn(o: object, m: string): void;
    error(o: object, m: string): void;
  };
}

/**
 * `GET /kite/login/callback?request_token=...&action=login&status=success`: where Kite sends the
 * browser after a login. Exchanges the request token, stores the access token sealed, tells
 * `onLogin`, and answers a small page saying who logged in and when the token lapses. Nothing
 * secret is logged or shown.
 */
export function mountKiteLogin(app: Pick<Express, 'use'>, deps: KiteLoginRouteDeps): void {
  const r = express.Router();
  r.get(KITE_LOGIN_CALLBACK_PATH, async (req, res) => {
    const status = typeof req.query.status === 'string' ? req.query.status : 'success';
    const raw = typeof req.query.request_token === 'string' ? req.query.request_token : '';
    let requestToken: string;
    try {
      if (status !== 'success')
        throw new RequestTokenError(`the login did not succeed (status ${status.slice(0, 20)})`);
      requestToken = parseRequestToken(raw);
    } catch (e) {
      return page(res, 400, 'Kite login not completed', (e as Error).message);
    }
    let login: KiteLogin;
    try {
      login = await exchangeRequestToken(deps, requestToken);
    } catch (e) {
      const known = e instanceof KiteLoginError;
      deps.log.warn({ reason: known ? e.message : 'storing the login failed' }, 'kite login refused');
      if (!known) deps.log.error({ err: e }, 'kite login could not be stored');
      return page(res, known ? 502 : 500, 'Kite login failed', known ? e.message : 'the login could not be stored');
    }
    deps.log.info({ userId: login.userId, expiresAt: login.expiresAt }, 'kite login stored');
    try {
      await deps.onLogin?.(login);
    } catch (err) {
      deps.log.error({ err }, 'kite login listener failed');
    }
    const who = login.userName ? `${login.userName} (${login.userId})` : login.userId;
    page(
      res,
      200,
      'Kite login stored',
      `Logged in as ${who}. The access token lapses at ${istText(login.expiresAt)} IST.`,
    );
  });
  app.use(r);
}

function page(res: Response, status: number, title: string, text: string): void {
  res
    .status(status)
    .set('cache-control', 'no-store')
    .set('referrer-policy', 'no-referrer')
    .type('html')
    .send(
      `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
        `<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>\n`,
    );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
