/** Kite's login page (Connect v3); after the login Kite redirects to the app's redirect URL with `request_token`. */
export const KITE_LOGIN_PAGE = 'https://kite.zerodha.com/connect/login';

export function kiteLoginUrl(apiKey: string): string {
  return `${KITE_LOGIN_PAGE}?v=3&api_key=${encodeURIComponent(apiKey)}`;
}

export class RequestTokenError extends Error {}

const TOKEN = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * The request token out of what an operator pastes: the token itself, or the whole redirect URL
 * (`...?request_token=...&action=login&status=success`). A redirect whose status is not `success`
 * is refused. The message never repeats the input (it may be a token).
 */
export function parseRequestToken(input: string): string {
  const text = input.trim();
  if (TOKEN.test(text)) return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RequestTokenError('not a request token nor a redirect URL carrying request_token');
  }
  const status = url.searchParams.get('status');
  if (status !== null && status !== 'success')
    throw new RequestTokenError(`the login did not succeed (status=${status.slice(0, 20)})`);
  const token = url.searchParams.get('request_token');
  if (token === null || !TOKEN.test(token)) throw new RequestTokenError('the URL carries no request_token');
  return token;
}
