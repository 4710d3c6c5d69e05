import { BrokerError } from '../../commands/ports/broker';

/** The BrokerErrors the paper broker throws, with Kite's error types as codes. */

/** Refused for good: bad parameters (Kite's InputException). */
export function inputRefusal(problems: readonly string[]): BrokerError {
  return new BrokerError('NON_RETRYABLE', 'InputException', problems.join('; '));
}

/** Refused for good by the order system: unknown or finished order, injected rejection (Kite's OrderException). */
export function orderRefusal(message: string): BrokerError {
  return new BrokerError('NON_RETRYABLE', 'OrderException', message);
}

/** Throttled before anything happened: retry later (Kite's HTTP 429). */
export function throttled(): BrokerError {
  return new BrokerError('RETRYABLE', 'TooManyRequests', 'Too many requests: the paper broker throttled this call');
}

/** Failed before anything happened: retry. */
export function transientFailure(message: string): BrokerError {
  return new BrokerError('RETRYABLE', 'NetworkException', message);
}

/** The answer was lost: the request may or may not have taken effect. */
export function timedOut(what: string): BrokerError {
  return new BrokerError(
    'UNKNOWN',
    'Timeout',
    `${what} timed out: the outcome is unknown; look the order up by its tag`,
  );
}
