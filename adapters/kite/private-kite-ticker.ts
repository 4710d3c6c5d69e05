import Module from 'node:module';
import { dirname } from 'node:path';
import type { KiteTicker } from 'kiteconnect';

type KiteTickerClass = typeof KiteTicker;

const TICKER_JS = require.resolve('kiteconnect/dist/lib/ticker.js');

/**
 * `kiteconnect`'s KiteTicker from a module instance of its own. The library keeps its socket, its
 * event listeners and its reconnect flags in module globals, so two KiteTickers of one module
 * instance share (and corrupt) one connection. Loading `ticker.js` afresh, unchanged, outside the
 * module cache gives each connection its own globals: Kite allows 3 connections per API key.
 */
export function privateKiteTickerClass(): KiteTickerClass {
  const m = new Module(TICKER_JS) as Module & { load(file: string): void };
  m.filename = TICKER_JS;
  m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(TICKER_JS));
  m.load(TICKER_JS);
  const cls = (m.exports as { KiteTicker?: KiteTickerClass }).KiteTicker;
  if (typeof cls !== 'function') throw new Error(`${TICKER_JS} exports no KiteTicker`);
  return cls;
}
