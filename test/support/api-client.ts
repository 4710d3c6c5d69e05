import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface GqlResponse<T = Record<string, unknown>> {
  readonly status: number;
  /** The HTTP response's headers (absent on a WebSocket result). */
  readonly headers?: Headers;
  readonly data?: T | null;
  readonly errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** POSTs one operation to the API, as a client would (no shortcuts into the server). */
export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  options: {
    token?: string;
    variables?: Record<string, unknown>;
    operationName?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<GqlResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({
      query,
      ...(options.variables ? { variables: options.variables } : {}),
      ...(options.operationName ? { operationName: options.operationName } : {}),
    }),
  });
  const body = (await res.json()) as Omit<GqlResponse<T>, 'status' | 'headers'>;
  return { status: res.status, headers: res.headers, ...body };
}

/** The operation's data; a response with errors (or without data) is thrown, its errors in the message. */
export async function gqlData<T = Record<string, unknown>>(
  url: string,
  query: string,
  options: Parameters<typeof gql>[2] = {},
): Promise<T> {
  const r = await gql<T>(url, query, options);
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

/** The codes of a response's errors. */
export function codes(r: GqlResponse): string[] {
  return (r.errors ?? []).map((e) => String(e.extensions?.code));
}

/** A graphql-ws client authenticated in its connection parameters. */
export function wsClient(wsUrl: string, token: string | null, extra: { retryAttempts?: number } = {}): Client {
  return createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: extra.retryAttempts ?? 0,
    lazy: false,
  });
}

/** Collects what a subscription sends until stopped. */
export function collect<T>(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const items: T[] = [];
  const errors: unknown[] = [];
  let done = false;
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (v) => {
        if (v.errors) errors.push(...v.errors);
        if (v.data) items.push(v.data as T);
      },
      error: (e) => {
        errors.push(e);
        done = true;
      },
      complete: () => {
        done = true;
      },
    },
  );
  return {
    items,
    errors,
    get done() {
      return done;
    },
    stop,
  };
}

/** Polls `check` until it returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
