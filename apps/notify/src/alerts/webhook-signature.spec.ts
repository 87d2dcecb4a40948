import { signWebhook, verifyWebhookSignature } from './webhook-signature';
import { webhookBodyOf } from './webhook-body';
import { raisedAlertEvent } from './alert.fixture';

const SECRET = 'sightline-test-secret-0123456789';

describe('webhook signature', () => {
  it('matches a vector computed independently (openssl dgst -sha256 -hmac)', () => {
    const body = '{"alertId":"01HZX","score":0.71}';
    expect(signWebhook(SECRET, body, 1_700_000_000)).toBe(
      't=1700000000,v1=0894e805b6eb8815c942a37b9ce93c49788322651214c084457ef33d7a11a39b',
    );
  });

  it('verifies its own signature and rejects a changed body, secret or timestamp', () => {
    const body = webhookBodyOf(raisedAlertEvent().payload);
    const header = signWebhook(SECRET, body, 1_700_000_000);
    expect(verifyWebhookSignature(SECRET, body, header, 1_700_000_010)).toBe(true);
    expect(
      verifyWebhookSignature(SECRET, body.replace('0.71', '0.99'), header, 1_700_000_010),
    ).toBe(false);
    expect(verifyWebhookSignature(`${SECRET}x`, body, header, 1_700_000_010)).toBe(false);
    const replayedTimestamp = header.replace('t=1700000000', 't=1700000300');
    expect(verifyWebhookSignature(SECRET, body, replayedTimestamp, 1_700_000_300)).toBe(false);
  });

  it('rejects a signature older than the tolerance (a replayed capture)', () => {
    const body = '{}';
    const header = signWebhook(SECRET, body, 1_700_000_000);
    expect(verifyWebhookSignature(SECRET, body, header, 1_700_000_000 + 301)).toBe(false);
  });
});

describe('webhook body', () => {
  it('holds exactly the agreed fields and nothing biometric', () => {
    const body = JSON.parse(webhookBodyOf(raisedAlertEvent().payload)) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual([
      'alertId',
      'cameraId',
      'trackId',
      'watchlistId',
      'subjectId',
      'score',
      'status',
      'raisedAt',
      'evidenceId',
      'photoReference',
    ]);
    expect(body).toMatchObject({ alertId: '01J0ALERT0000000000000000A', score: 0.71 });
  });
});
