import { classifyKiteError, type KiteCall } from '../../adapters/kite/kite-errors';
import { BrokerError, type BrokerErrorKind } from '../../commands/ports/broker';

/** Rejections exactly as the kiteconnect client builds them (plain objects, not Errors). */
const kite = (error_type: string, message: string) => ({ message, error_type, data: null });
const noResponse = (code: string) => kite('NetworkException', `No response from server with error code: ${code}`);

describe('Kite errors -> BrokerError kinds', () => {
  it.each<[string, unknown, KiteCall, BrokerErrorKind, string]>([
    [
      'expired session',
      kite('TokenException', 'Incorrect `api_key` or `access_token`.'),
      'write',
      'FATAL',
      'TokenException',
    ],
    ['expired session on a read', kite('TokenException', 'Token expired'), 'read', 'FATAL', 'TokenException'],
    ['no permission', kite('PermissionException', 'Insufficient permission'), 'read', 'FATAL', 'PermissionException'],
    ['blocked account', kite('UserException', 'Account blocked'), 'write', 'FATAL', 'UserException'],
    ['bad input', kite('InputException', 'Invalid `tradingsymbol`'), 'write', 'NON_RETRYABLE', 'InputException'],
    ['order refused', kite('OrderException', 'Order cannot be modified'), 'write', 'NON_RETRYABLE', 'OrderException'],
    ['no margin', kite('MarginException', 'Insufficient funds'), 'write', 'NON_RETRYABLE', 'MarginException'],
    ['no holdings', kite('HoldingException', 'No holdings'), 'write', 'NON_RETRYABLE', 'HoldingException'],
    [
      'HTTP 429 as Kite sends it',
      kite('NetworkException', 'Too many requests'),
      'write',
      'RETRYABLE',
      'TooManyRequests',
    ],
    ['HTTP 429 without body', kite('NetworkException', 'Too Many Requests'), 'write', 'RETRYABLE', 'TooManyRequests'],
    [
      'HTTP 429 from a raw transport',
      { response: { status: 429 }, message: 'x' },
      'write',
      'RETRYABLE',
      'TooManyRequests',
    ],
    ['connection refused', noResponse('ECONNREFUSED'), 'write', 'RETRYABLE', 'ConnectionFailed'],
    ['DNS failure', noResponse('ENOTFOUND'), 'write', 'RETRYABLE', 'ConnectionFailed'],
    ['timeout after sending an order', noResponse('ECONNABORTED'), 'write', 'UNKNOWN', 'Timeout'],
    ['socket timeout after sending an order', noResponse('ETIMEDOUT'), 'write', 'UNKNOWN', 'Timeout'],
    ['timeout on a read', noResponse('ECONNABORTED'), 'read', 'RETRYABLE', 'Timeout'],
    ['connection reset after sending', noResponse('ECONNRESET'), 'write', 'UNKNOWN', 'NetworkException'],
    [
      'Kite cannot reach its OMS, placing',
      kite('NetworkException', 'Request failed (kitetrade-oms)'),
      'write',
      'UNKNOWN',
      'NetworkException',
    ],
    [
      'Kite cannot reach its OMS, reading',
      kite('NetworkException', 'Gateway timed out'),
      'read',
      'RETRYABLE',
      'NetworkException',
    ],
    [
      'unreadable OMS answer, placing',
      kite('DataException', 'Unknown content type'),
      'write',
      'UNKNOWN',
      'DataException',
    ],
    ['general error, reading', kite('GeneralException', 'Unknown error'), 'read', 'RETRYABLE', 'GeneralException'],
    ['an error type Kite adds later', kite('ShinyNewException', 'what'), 'write', 'UNKNOWN', 'ShinyNewException'],
    [
      'a Node socket timeout',
      Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }),
      'write',
      'UNKNOWN',
      'Timeout',
    ],
    ['a bug in a fake', new TypeError('x is not a function'), 'write', 'UNKNOWN', 'UnknownError'],
    ['a thrown string', 'boom', 'read', 'RETRYABLE', 'UnknownError'],
  ])('%s', (_what, raw, call, kind, code) => {
    const e = classifyKiteError(raw, call);
    expect(e).toBeInstanceOf(BrokerError);
    expect({ kind: e.kind, code: e.code }).toEqual({ kind, code });
  });

  it("keeps Kite's message and nothing of the raw error (whose request config carries the token)", () => {
    const raw = {
      ...kite('InputException', 'Invalid `price`.'),
      config: { headers: { Authorization: 'token key:SECRET' } },
    };
    const e = classifyKiteError(raw, 'write');
    expect(e.message).toBe('Invalid `price`.');
    expect(JSON.stringify({ ...e, message: e.message })).not.toContain('SECRET');
  });

  it('passes a BrokerError through unchanged', () => {
    const original = new BrokerError('NON_RETRYABLE', 'OrderValidation', 'bad tag');
    expect(classifyKiteError(original, 'write')).toBe(original);
  });
});
