import { Inject, Injectable } from '@nestjs/common';
import { SIGHTLINE_CONFIG, type AuthConfig, type SightlineConfig } from '@sightline/config';
import { DomainError, ErrorCode } from '@sightline/contracts';
import { ROLES, type Principal } from '@sightline/governance';
import { errors as joseErrors, jwtVerify } from 'jose';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';

/** A principal whose token verified, with the purpose it declared (recorded in the audit log). */
export type AuthenticatedPrincipal = Principal & { readonly purpose?: string };

/**
 * The claims Sightline reads. `cameras` scopes a partner; other roles ignore it. exp is required:
 * a token that never expires cannot be withdrawn short of changing the key for everyone.
 */
const claimsSchema = z.object({
  sub: z.string().min(1).max(128),
  role: z.enum(ROLES),
  cameras: z.array(z.string().min(1).max(128)).optional(),
  purpose: z.string().min(1).max(500).optional(),
  exp: z.number(),
});

interface VerificationKey {
  readonly key: Uint8Array | KeyObject;
  readonly algorithm: string;
}

/** Verifies `authorization: Bearer <jwt>` tokens against the one configured key. */
@Injectable()
export class TokenVerifier {
  private readonly auth: AuthConfig;
  private readonly verification: VerificationKey;

  constructor(@Inject(SIGHTLINE_CONFIG) config: SightlineConfig) {
    this.auth = config.auth;
    // Built at start-up, so a key of an unsupported type stops the service instead of every call.
    this.verification = verificationKeyOf(config.auth);
  }

  /** The token's principal, or DomainError(Unauthenticated) naming why it is not accepted. */
  async verify(token: string | undefined): Promise<AuthenticatedPrincipal> {
    if (!token) throw unauthenticated('no bearer token was sent');
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.verification.key, {
        algorithms: [this.verification.algorithm],
        issuer: this.auth.issuer,
        audience: this.auth.audience,
        clockTolerance: this.auth.clockToleranceS,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw unauthenticated(reasonOf(error));
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) {
      throw unauthenticated(
        `the bearer token's claims are invalid: ${claims.error.issues
          .map((issue) => `${issue.path.join('.')} ${issue.message}`)
          .join('; ')}`,
      );
    }
    const { sub, role, cameras, purpose } = claims.data;
    const optional = purpose === undefined ? {} : { purpose };
    if (role === 'partner') {
      if (cameras === undefined) throw unauthenticated('a partner token must list its cameras');
      return { subject: sub, role, cameraIds: cameras, ...optional };
    }
    return { subject: sub, role, ...optional };
  }
}

function verificationKeyOf(auth: AuthConfig): VerificationKey {
  if (auth.key.kind === 'shared-secret') {
    return { key: new TextEncoder().encode(auth.key.secret), algorithm: 'HS256' };
  }
  const key = createPublicKey(auth.key.publicKeyPem);
  return { key, algorithm: algorithmOf(key) };
}

/** One algorithm per key, so a token cannot choose a weaker one (or `none`) for itself. */
function algorithmOf(key: KeyObject): string {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return 'RS256';
  if (type === 'ed25519') return 'EdDSA';
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1') return 'ES256';
    if (curve === 'secp384r1') return 'ES384';
  }
  throw new Error(
    `AUTH_JWT_PUBLIC_KEY is a ${type ?? 'unknown'} key Sightline does not verify (use RSA, P-256, P-384 or Ed25519)`,
  );
}

function reasonOf(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the bearer token has expired';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return 'the bearer token signature does not verify';
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    return `the bearer token's ${error.claim} claim is not accepted (${error.reason})`;
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) {
    return 'the bearer token is signed with an algorithm this service does not accept';
  }
  return 'the bearer token is malformed';
}

function unauthenticated(reason: string): DomainError {
  return new DomainError(ErrorCode.Unauthenticated, reason, {});
}
