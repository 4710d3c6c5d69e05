import { createServer, type Server } from 'node:http';
import express, { type Express } from 'express';

/** The trader's port while it waits for a Kite login and no day's API serves yet. */
export interface LoginWaitServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves the Kite login routes (the redirect callback, the postback route) with /healthz and a
 * /readyz answering 503 with the reason, on the trader's own port, while it waits for the day's
 * first login: without it a fresh start with no token could only be logged in through
 * `npm run kite:login`, the day's API (which mounts the same routes) starting only once a token works.
 * Closed before the day's API takes the port.
 */
export async function serveLoginWait(o: {
  readonly port: number;
  readonly host: string;
  readonly routes: (app: Express) => void;
  /** Why the trader is not ready (the keeper's entry hold). */
  readonly reason: () => string;
}): Promise<LoginWaitServer> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, waiting: 'a Kite login' });
  });
  app.get('/readyz', (_req, res) => {
    res.status(503).json({ ready: false, reasons: [`${o.reason()}: waiting for a login`] });
  });
  o.routes(app);
  app.use((_req, res) => {
    res.status(503).type('text/plain').send(`the trader is waiting for a Kite login: ${o.reason()}\n`);
  });
  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : o.port;
  return {
    url: `http://${o.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
