import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { KiteTickMode } from '../kite/kite-tick';
import type { SimQuote } from './sim-market';
import { encodeTickFrame, encodeTickPacket } from './tick-frame-encoder';

export interface TickerServerOptions {
  /** True when the api_key and access_token of a connection may stream. */
  readonly authorised: (apiKey: string, accessToken: string) => boolean;
  /** The latest quote of a token, sent at once on subscription. */
  readonly quoteOf: (token: number) => SimQuote | undefined;
  /** Known tokens (others are ignored, as Kite ignores them). */
  readonly knows: (token: number) => boolean;
  readonly heartbeatMs?: number;
}

interface Client {
  /** Its place in the order connections were accepted (1, 2, ...). */
  readonly id: number;
  readonly ws: WebSocket;
  readonly modes: Map<number, KiteTickMode>;
  /** A stalled socket gets nothing until then (epoch ms); its order updates wait in `held`. */
  stalledUntil: number;
  held: string[];
}

const MODES: readonly KiteTickMode[] = ['ltp', 'quote', 'full'];
export const MAX_CONNECTIONS = 3;
export const MAX_TOKENS = 3000;

/**
 * Kite's ticker over WebSocket: `?api_key=&access_token=` on connect (refused 403 otherwise, and
 * 429 beyond 3 connections), `{"a":"subscribe"|"unsubscribe","v":[tokens]}` and
 * `{"a":"mode","v":[mode,[tokens]]}` text messages (a new subscription is in `quote` mode, as at
 * Kite), binary tick frames of the subscribed tokens in their modes, a 1-byte heartbeat each
 * second, and order updates as `{"type":"order","id":"","data":{...}}` text frames.
 * Faults: `drop` cuts every socket without a close frame; `stall` sends nothing on the sockets open
 * now for a while (ticks of that time are lost, order updates are held and sent when it ends, as a
 * stuck socket would); a connection opened meanwhile is served normally.
 */
export class TickerServer {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly clients = new Set<Client>();
  private readonly heartbeat: ReturnType<typeof setInterval>;
  private readonly stallTimers = new Set<ReturnType<typeof setTimeout>>();
  /** Order-update frames written to sockets so far (for tests that wait for delivery). */
  orderUpdatesSent = 0;
  /** Connections accepted so far (a reconnection is one more). */
  connectionsAccepted = 0;

  constructor(private readonly options: TickerServerOptions) {
    this.heartbeat = setInterval(() => this.beat(), options.heartbeatMs ?? 1_000);
    this.heartbeat.unref();
  }

  /** The HTTP server's `upgrade` for the ticker path. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const apiKey = url.searchParams.get('api_key') ?? '';
    const token = url.searchParams.get('access_token') ?? '';
    if (!this.options.authorised(apiKey, token)) refuse(socket, 403, 'Forbidden');
    else if (this.clients.size >= MAX_CONNECTIONS) refuse(socket, 429, 'Too Many Requests');
    else this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  connections(): number {
    return this.clients.size;
  }

  /** Instruments subscribed now, summed over the open connections. */
  subscriptions(): number {
    let n = 0;
    for (const c of this.clients) n += c.modes.size;
    return n;
  }

  /** The open connections, oldest first: each one's accept number, subscriptions, and whether it is stalled. */
  sockets(): { id: number; subscriptions: number; stalled: boolean }[] {
    return [...this.clients].map((c) => ({ id: c.id, subscriptions: c.modes.size, stalled: stalled(c) }));
  }

  /** The instruments each open connection is subscribed to, in the order the connections opened. */
  subscriptionsPerConnection(): number[][] {
    return [...this.clients].map((c) => [...c.modes.keys()]);
  }

  /** Sends the changed quotes to every client subscribed to them, in its mode. */
  publish(quotes: readonly SimQuote[]): void {
    if (quotes.length === 0) return;
    for (const c of this.live()) {
      const packets = quotes.flatMap((q) => {
        const mode = c.modes.get(q.instrument.token);
        return mode ? [encodeTickPacket(q, mode)] : [];
      });
      if (packets.length > 0) send(c.ws, encodeTickFrame(packets));
    }
  }

  /** An order update to every connection. */
  pushOrder(order: Readonly<Record<string, unknown>>): void {
    const text = JSON.stringify({ type: 'order', id: '', data: order });
    for (const c of this.clients) {
      if (stalled(c)) c.held.push(text);
      else send(c.ws, text);
    }
    this.orderUpdatesSent += 1;
  }

  /** Cuts every socket at once, without a close frame (a network drop). */
  drop(): number {
    const n = this.clients.size;
    for (const c of this.clients) c.ws.terminate();
    this.clients.clear();
    return n;
  }

  /** The sockets open now send nothing for `ms`; their held order updates go out when it ends. */
  stall(ms: number): number {
    const stuck = [...this.clients];
    for (const c of stuck) c.stalledUntil = Date.now() + ms;
    const timer = setTimeout(() => {
      this.stallTimers.delete(timer);
      for (const c of stuck) {
        if (stalled(c)) continue;
        const held = c.held;
        c.held = [];
        for (const text of held) send(c.ws, text);
      }
    }, ms);
    timer.unref();
    this.stallTimers.add(timer);
    return stuck.length;
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const t of this.stallTimers) clearTimeout(t);
    this.drop();
    this.wss.close();
  }

  private accept(ws: WebSocket): void {
    this.connectionsAccepted += 1;
    const client: Client = { id: this.connectionsAccepted, ws, modes: new Map(), stalledUntil: 0, held: [] };
    this.clients.add(client);
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.onMessage(client, data.toString());
    });
    ws.on('close', () => this.clients.delete(client));
    ws.on('error', () => this.clients.delete(client));
  }

  private onMessage(c: Client, text: string): void {
    let m: { a?: unknown; v?: unknown };
    try {
      m = JSON.parse(text) as { a?: unknown; v?: unknown };
    } catch {
      return;
    }
    switch (m.a) {
      case 'subscribe': {
        const tokens = this.tokens(m.v).filter((t) => !c.modes.has(t));
        for (const t of tokens.slice(0, Math.max(0, MAX_TOKENS - c.modes.size))) c.modes.set(t, 'quote');
        this.snapshot(c, tokens);
        return;
      }
      case 'unsubscribe':
        for (const t of this.tokens(m.v)) c.modes.delete(t);
        return;
      case 'mode': {
        const [mode, list] = Array.isArray(m.v) ? m.v : [];
        if (!MODES.includes(mode as KiteTickMode)) return;
        const tokens = this.tokens(list).filter((t) => c.modes.has(t));
        for (const t of tokens) c.modes.set(t, mode as KiteTickMode);
        this.snapshot(c, tokens);
        return;
      }
      default:
        return;
    }
  }

  private tokens(v: unknown): number[] {
    return Array.isArray(v) ? v.filter((t): t is number => Number.isSafeInteger(t) && this.options.knows(t)) : [];
  }

  /** The current quote of newly subscribed (or re-moded) tokens, at once. */
  private snapshot(c: Client, tokens: readonly number[]): void {
    if (stalled(c)) return;
    const packets = tokens.flatMap((t) => {
      const q = this.options.quoteOf(t);
      const mode = c.modes.get(t);
      return q && mode ? [encodeTickPacket(q, mode)] : [];
    });
    if (packets.length > 0) send(c.ws, encodeTickFrame(packets));
  }

  private beat(): void {
    for (const c of this.live()) send(c.ws, Buffer.alloc(1));
  }

  private live(): Client[] {
    return [...this.clients].filter((c) => !stalled(c));
  }
}

function stalled(c: Client): boolean {
  return Date.now() < c.stalledUntil;
}

function send(ws: WebSocket, data: Uint8Array | string): void {
  if (ws.readyState === ws.OPEN) ws.send(data);
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}
