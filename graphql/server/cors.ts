import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

/** An origin may call the API when it is the server's own (same origin) or on the allowlist. */
export function originAllowed(origin: string | undefined, req: IncomingMessage, allowlist: readonly string[]): boolean {
  if (!origin) return true; // not a browser's cross-origin request (curl, a server, a test client)
  if (allowlist.includes('*') || allowlist.includes(origin)) return true;
  const host = req.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

/**
 * CORS from an allowlist: allowed origins get the CORS headers (and preflights a 204); a
 * preflight from any other origin gets 403, and its requests no CORS headers (the browser blocks them).
 */
export function corsMiddleware(allowlist: readonly string[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.headers.origin;
    const ok = originAllowed(origin, req, allowlist);
    if (origin && ok) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Allow-Headers', 'content-type, authorization, apollo-require-preflight');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    if (req.method === 'OPTIONS') {
      res.status(ok ? 204 : 403).end();
      return;
    }
    if (!ok) {
      res
        .status(403)
        .json({ errors: [{ message: `origin ${origin} is not allowed`, extensions: { code: 'FORBIDDEN' } }] });
      return;
    }
    next();
  };
}
