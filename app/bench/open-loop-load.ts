import { Worker } from 'node:worker_threads';

export interface LoadResult {
  readonly latencies: readonly number[];
  /** Answers without the expected number of items (or with errors). */
  readonly wrong: number;
  readonly seconds: number;
}

/**
 * Sends a GraphQL query at a fixed rate (open loop: a slow answer does not delay the next request)
 * from a worker thread, so that the load generator does not share the server's event loop.
 */
const WORKER = `
const { parentPort, workerData: w } = require('node:worker_threads');
(async () => {
  const total = w.ratePerS * w.seconds;
  const latencies = [];
  let wrong = 0;
  const inFlight = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / w.ratePerS - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const sent = performance.now();
    inFlight.push(
      fetch(w.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer ' + w.token },
        body: JSON.stringify({ query: w.query }),
      })
        .then((r) => r.json())
        .then((b) => {
          latencies.push(performance.now() - sent);
          const items = b.data && Object.values(b.data)[0];
          if (b.errors || !Array.isArray(items) || items.length !== w.expectItems) wrong += 1;
        })
        .catch(() => { wrong += 1; }),
    );
  }
  await Promise.all(inFlight);
  parentPort.postMessage({ latencies, wrong, seconds: (performance.now() - start) / 1000 });
})();
`;

export function openLoopLoad(o: {
  url: string;
  token: string;
  query: string;
  ratePerS: number;
  seconds: number;
  expectItems: number;
}): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: o });
    worker.once('message', (m: LoadResult) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
