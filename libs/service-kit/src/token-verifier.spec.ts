import type { SightlineConfig } from '@sightline/config';
import { DomainError, ErrorCode } from '@sightline/contracts';
import { mintTestToken } from '@sightline/testing';
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { TokenVerifier } from './token-verifier';

// Test values, not real keys.
const SECRET = 'token-verifier-spec-secret-32-bytes-at-least';
const OTHER_SECRET = 'another-secret-that-signed-nothing-we-trust';

function verifierWith(auth: Partial<SightlineConfig['auth']> = {}): TokenVerifier {
  return new TokenVerifier({
    auth: {
      key: { kind: 'shared-secret', secret: SECRET },
      issuer: 'sightline',
      audience: 'sightline',
      clockToleranceS: 5,
      ...auth,
    },
  } as SightlineConfig);
}

async function refusal(verifier: TokenVerifier, token: string | undefined): Promise<DomainError> {
  const error: unknown = await verifier.verify(token).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof DomainError))
    throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

describe('TokenVerifier', () => {
  const verifier = verifierWith();

  it('turns a valid token into its principal, with the declared purpose', async () => {
    const token = await mintTestToken('reviewer', {
      secret: SECRET,
      subject: 'rev-7',
      purpose: 'case 2026-114',
    });
    await expect(verifier.verify(token)).resolves.toEqual({
      subject: 'rev-7',
      role: 'reviewer',
      purpose: 'case 2026-114',
    });
  });

  it('scopes a partner to the cameras its token lists', async () => {
    const token = await mintTestToken('partner', { secret: SECRET, cameras: ['cam-a', 'cam-b'] });
    await expect(verifier.verify(token)).resolves.toEqual({
      subject: 'test-partner',
      role: 'partner',
      cameraIds: ['cam-a', 'cam-b'],
    });
  });

  it.each<[string, () => Promise<string | undefined>, RegExp]>([
    ['no token', () => Promise.resolve(undefined), /no bearer token/],
    ['a malformed token', () => Promise.resolve('not.a.jwt'), /malformed/],
    [
      'an expired token',
      () => mintTestToken('admin', { secret: SECRET, expiresInS: -60 }),
      /has expired/,
    ],
    [
      'a token signed with another key',
      () => mintTestToken('admin', { secret: OTHER_SECRET }),
      /signature does not verify/,
    ],
    [
      'a tampered token (role changed after signing)',
      async () => {
        const [header, payload, signature] = (
          await mintTestToken('partner', { secret: SECRET, cameras: ['cam-a'] })
        ).split('.');
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as object;
        const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString(
          'base64url',
        );
        return `${header}.${forged}.${signature}`;
      },
      /signature does not verify/,
    ],
    [
      'a token of another issuer',
      () => mintTestToken('admin', { secret: SECRET, issuer: 'someone-else' }),
      /iss claim/,
    ],
    [
      'a token for another audience',
      () => mintTestToken('admin', { secret: SECRET, audience: 'another-system' }),
      /aud claim/,
    ],
    [
      'an unsigned token (alg none)',
      () =>
        Promise.resolve(
          `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
            JSON.stringify({
              sub: 'x',
              role: 'admin',
              iss: 'sightline',
              aud: 'sightline',
              exp: 9e9,
            }),
          ).toString('base64url')}.`,
        ),
      /algorithm|malformed/,
    ],
    [
      'a token without exp',
      () =>
        new SignJWT({ role: 'admin' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('no-exp')
          .setIssuer('sightline')
          .setAudience('sightline')
          .sign(new TextEncoder().encode(SECRET)),
      /exp claim/,
    ],
    [
      'a role Sightline does not know',
      () =>
        new SignJWT({ role: 'superuser' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('x')
          .setIssuer('sightline')
          .setAudience('sightline')
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode(SECRET)),
      /claims are invalid: role/,
    ],
    [
      'a partner token without cameras',
      () => mintTestToken('partner', { secret: SECRET }),
      /must list its cameras/,
    ],
  ])('refuses %s as Unauthenticated', async (_case, token, reason) => {
    const error = await refusal(verifier, await token());
    expect(error.code).toBe(ErrorCode.Unauthenticated);
    expect(error.message).toMatch(reason);
  });

  it('allows the configured clock skew, and no more', async () => {
    const justExpired = await mintTestToken('admin', { secret: SECRET, expiresInS: -2 });
    await expect(verifier.verify(justExpired)).resolves.toMatchObject({ role: 'admin' });
    const strict = verifierWith({ clockToleranceS: 0 });
    expect((await refusal(strict, justExpired)).message).toMatch(/has expired/);
  });

  it("verifies an identity provider's ES256 tokens with its public key, and refuses HS256 ones", async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const idp = verifierWith({
      key: { kind: 'public-key', publicKeyPem: await exportSPKI(publicKey) },
    });
    const token = await new SignJWT({ role: 'auditor' })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('aud-1')
      .setIssuer('sightline')
      .setAudience('sightline')
      .setExpirationTime('5m')
      .sign(privateKey);
    await expect(idp.verify(token)).resolves.toEqual({ subject: 'aud-1', role: 'auditor' });
    const hs256 = await mintTestToken('auditor', { secret: SECRET });
    expect((await refusal(idp, hs256)).code).toBe(ErrorCode.Unauthenticated);
  });
});
