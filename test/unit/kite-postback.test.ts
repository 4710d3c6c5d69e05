import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KiteConnect } from 'kiteconnect';
import { createPostbackVerifier } from '../../adapters/kite/postback-verifier';

const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures/kite');
const postback = (): Record<string, unknown> => JSON.parse(readFileSync(path.join(FIXTURES, 'postback.json'), 'utf8'));

const SECRET = 'test-api-secret-123';
/** The fixture was signed with a secret we do not know: sign it again with ours, as Kite would. */
function signed(body: Record<string, unknown>, secret = SECRET): Record<string, unknown> {
  const checksum = createHash('sha256').update(`${body.order_id}${body.order_timestamp}${secret}`).digest('hex');
  return { ...body, checksum };
}

describe('Kite postback verification', () => {
  const verify = createPostbackVerifier(SECRET);

  it('accepts a correctly signed postback and maps it to a BrokerOrder', () => {
    const outcome = verify(signed(postback()));
    expect(outcome).toEqual({
      accepted: true,
      order: expect.objectContaining({
        brokerOrderId: '220303000308932',
        status: 'COMPLETE',
        filledQuantity: 1,
        averagePrice: 47000,
        placedAt: '2022-03-03T03:54:25.000Z',
      }),
    });
  });

  it("agrees with the official client's own check", () => {
    const client = new KiteConnect({ api_key: 'test' });
    type Signed = Parameters<typeof client.validatePostback>[0];
    expect(client.validatePostback(signed(postback()) as Signed, SECRET)).toBe(true);
    expect(verify(postback()).accepted).toBe(client.validatePostback(postback() as Signed, SECRET));
  });

  it("refuses the fixture's original checksum, signed with another secret", () => {
    expect(verify(postback())).toMatchObject({ accepted: false, reason: 'BAD_CHECKSUM' });
  });

  it('refuses a payload whose order ID or timestamp was changed after signing', () => {
    const body = signed(postback());
    expect(verify({ ...body, order_id: '220303000308933' })).toMatchObject({ accepted: false, reason: 'BAD_CHECKSUM' });
    expect(verify({ ...body, order_timestamp: '2022-03-03 09:24:26' })).toMatchObject({
      accepted: false,
      reason: 'BAD_CHECKSUM',
    });
  });

  it('refuses every postback, even a correctly signed one, when no secret is configured', () => {
    for (const secret of [undefined, '']) {
      const outcome = createPostbackVerifier(secret)(signed(postback(), ''));
      expect(outcome).toMatchObject({ accepted: false, reason: 'NO_SECRET' });
    }
  });

  it('refuses malformed checksums and bodies without the signed fields', () => {
    const body = signed(postback());
    expect(verify({ ...body, checksum: (body.checksum as string).slice(0, 63) })).toMatchObject({
      reason: 'BAD_CHECKSUM',
    });
    expect(verify({ ...body, checksum: 'z'.repeat(64) })).toMatchObject({ reason: 'BAD_CHECKSUM' });
    expect(verify({ ...body, checksum: undefined })).toMatchObject({ reason: 'MALFORMED' });
    expect(verify('order_id=1')).toMatchObject({ reason: 'MALFORMED' });
    expect(verify(null)).toMatchObject({ reason: 'MALFORMED' });
  });

  it('accepts the checksum in upper case hex too', () => {
    const body = signed(postback());
    expect(verify({ ...body, checksum: (body.checksum as string).toUpperCase() }).accepted).toBe(true);
  });

  it('refuses a signed postback whose order cannot be read', () => {
    expect(verify(signed({ ...postback(), status: 'SOMETHING NEW' }))).toMatchObject({
      accepted: false,
      reason: 'UNPARSEABLE_ORDER',
    });
  });

  it("documents Kite's design: only order_id and order_timestamp are signed, not the rest of the body", () => {
    const forged = { ...signed(postback()), status: 'CANCELLED' };
    expect(verify(forged)).toMatchObject({ accepted: true, order: { status: 'CANCELLED' } });
  });

  it('never puts the secret in a refusal', () => {
    const outcome = verify({ ...signed(postback()), order_id: 'X1' });
    expect(JSON.stringify(outcome)).not.toContain(SECRET);
  });
});
