import type { NextFunction, Request, Response } from 'express';
import { KiteHttpError, sendError } from './kite-envelope';
import type { SimFaults } from './sim-faults';

const ORDER_CALL = /^\/orders\/[^/]+(\/[^/]+)?$/;

/** A write to the order book (place, modify, cancel). */
export function isOrderCall(req: Request): boolean {
  return req.method !== 'GET' && ORDER_CALL.test(req.path);
}

function onPaths(req: Request, paths: readonly string[] | undefined): boolean {
  return paths === undefined ? isOrderCall(req) : paths.some((p) => req.path.startsWith(p));
}

/** Counted HTTP faults: 429 or 5xx answers on the paths they name (order calls by default). */
export function httpFaults(faults: SimFaults) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const what = `${req.method} ${req.path}`;
    if (faults.take('http_429', `answered 429 to ${what}`, (f) => onPaths(req, f.paths))) {
      sendError(res, new KiteHttpError('NetworkException', 'Too many requests', 429));
      return;
    }
    const five = faults.take('http_5xx', `answered 5xx to ${what}`, (f) => onPaths(req, f.paths));
    if (five) {
      sendError(
        res,
        new KiteHttpError(
          five.status === 500 ? 'GeneralException' : 'NetworkException',
          'Upstream failure (simulated)',
          five.status,
        ),
      );
      return;
    }
    next();
  };
}

/** Holds a request's answer for `holdMs`, then cuts its connection without answering. */
export function hangUp(req: Request, holdMs: number): void {
  const t = setTimeout(() => req.socket.destroy(), holdMs);
  t.unref();
  req.socket.once('close', () => clearTimeout(t));
}
