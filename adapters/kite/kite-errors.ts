import { BrokerError } from '../../commands/ports/broker';

/**
 * Whether a failed call could have changed something at the broker: a `write` (place, modify,
 * cancel) that may have reached the exchange must not be retried blindly; a `read` may.
 */
export type KiteCall = 'read' | 'write';

/** Kite's documented exception types (`error_type`). */
export const KITE_ERROR_TYPES = [
  'TokenException',
  'PermissionException',
  'UserException',
  'InputException',
  'OrderException',
  'MarginException',
  'HoldingException',
  'NetworkException',
  'DataException',
  'GeneralException',
] as const;
export type KiteErrorType = (typeof KITE_ERROR_TYPES)[number];

/** A rejection as the `kiteconnect` client delivers it: a plain object, not an Error. */
export interface KiteErrorPayload {
  readonly error_type: string;
  readonly message?: unknown;
  readonly data?: unknown;
}

export function isKiteErrorPayload(v: unknown): v is KiteErrorPayload {
  return typeof v === 'object' && v !== null && typeof (v as { error_type?: unknown }).error_type === 'string';
}

/** Socket errors that prove the request never left this machine. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);
/** Timeouts: the request may have been sent and acted on. */
const TIMEOUTS = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
/** The client's text for "request sent, no response": "No response from server with error code: X". */
const NO_RESPONSE = /No response from server with error code: ([A-Z_]+)/;
const TOO_MANY_REQUESTS = /too many requests/i;

/**
 * Any rejection of the `kiteconnect` client (or of the transport under it) -> BrokerError.
 *
 * - FATAL: TokenException (session expired or revoked, HTTP 403), PermissionException (the app or
 *   account may not do this), UserException (the account itself is blocked or invalid). No retry
 *   can help; the breaker must trip and an operator log in again.
 * - NON_RETRYABLE: InputException (bad or missing parameters, market closed), OrderException
 *   (the OMS refused or cannot find the order), MarginException (insufficient funds),
 *   HoldingException (nothing to sell). Kite answered and refused: record the rejection.
 * - RETRYABLE: HTTP 429 "Too many requests" (refused at the gate before any processing; Kite
 *   sends it as a NetworkException), and a connection that could not even be opened (refused, DNS).
 * - NetworkException (Kite could not reach its OMS), DataException (Kite could not read the OMS's
 *   answer), GeneralException, an unknown type, a timeout or a dropped connection: RETRYABLE for a
 *   read; UNKNOWN for a write, because the order may exist. Kite's own advice for a
 *   NetworkException on placement is to check the order book before placing again, which UNKNOWN
 *   asks of the caller (our tag makes the order findable).
 */
export function classifyKiteError(raw: unknown, call: KiteCall): BrokerError {
  if (raw instanceof BrokerError) return raw;
  if (httpStatus(raw) === 429 || (isKiteErrorPayload(raw) && TOO_MANY_REQUESTS.test(text(raw.message)))) {
    return new BrokerError('RETRYABLE', 'TooManyRequests', `Kite rate limit hit: ${text(messageOf(raw))}`);
  }
  if (isKiteErrorPayload(raw)) {
    const message = text(raw.message);
    const transport = NO_RESPONSE.exec(message)?.[1];
    if (raw.error_type === 'NetworkException' && transport) return transportFailure(transport, message, call);
    const type = knownType(raw.error_type);
    return type === null ? ambiguous(raw.error_type, message, call) : byType(type, message, call);
  }
  const code = errorCode(raw);
  if (code) return transportFailure(code, text(messageOf(raw)), call);
  return ambiguous('UnknownError', text(messageOf(raw)), call);
}

function byType(type: KiteErrorType, message: string, call: KiteCall): BrokerError {
  switch (type) {
    case 'TokenException':
    case 'PermissionException':
    case 'UserException':
      return new BrokerError('FATAL', type, message);
    case 'InputException':
    case 'OrderException':
    case 'MarginException':
    case 'HoldingException':
      return new BrokerError('NON_RETRYABLE', type, message);
    case 'NetworkException':
    case 'DataException':
    case 'GeneralException':
      return ambiguous(type, message, call);
    default: {
      const unhandled: never = type;
      throw new Error(`unhandled Kite error type ${String(unhandled)}`);
    }
  }
}

function transportFailure(code: string, message: string, call: KiteCall): BrokerError {
  if (NEVER_SENT.has(code)) return new BrokerError('RETRYABLE', 'ConnectionFailed', `${code}: ${message}`);
  if (TIMEOUTS.has(code)) return ambiguous('Timeout', `${code}: ${message}`, call);
  return ambiguous('NetworkException', `${code}: ${message}`, call);
}

/** The outcome cannot be known: a read may simply be asked again, a write must be looked up. */
function ambiguous(code: string, message: string, call: KiteCall): BrokerError {
  return new BrokerError(call === 'write' ? 'UNKNOWN' : 'RETRYABLE', code, message);
}

function knownType(type: string): KiteErrorType | null {
  return (KITE_ERROR_TYPES as readonly string[]).includes(type) ? (type as KiteErrorType) : null;
}

function httpStatus(raw: unknown): number | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as { status?: unknown; response?: { status?: unknown } };
  const status = typeof r.status === 'number' ? r.status : r.response?.status;
  return typeof status === 'number' ? status : undefined;
}

function errorCode(raw: unknown): string | undefined {
  const code = typeof raw === 'object' && raw !== null ? (raw as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

function messageOf(raw: unknown): unknown {
  if (typeof raw === 'object' && raw !== null) return (raw as { message?: unknown }).message;
  return raw;
}

/** Only the message travels on: never the raw error, whose request config carries the access token. */
function text(v: unknown): string {
  return typeof v === 'string' && v !== '' ? v : 'no message';
}
