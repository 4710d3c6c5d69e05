/**
 * A Kite payload that does not have the shape or the values we rely on. Thrown by the pure
 * parsers; the client turns it into a BrokerError (or reports and skips the one item).
 */
export class KiteParseError extends Error {
  constructor(
    /** Where in the payload, e.g. `order.average_price`. */
    readonly path: string,
    problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'KiteParseError';
  }
}
