import { InterceptingCall, type Interceptor, Metadata } from '@grpc/grpc-js';
import type { Role } from '@sightline/governance';
import { SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const workspaceRoot = path.resolve(__dirname, '..', '..', '..');

/** Where deploy/local/up.sh keeps the local signing secret (git-ignored, mode 600). */
export const LOCAL_AUTH_ENV_FILE = path.join(workspaceRoot, '.local', 'auth.env');

let fallbackSecret: string | undefined;

/**
 * The HS256 secret the services under test verify with: AUTH_JWT_SECRET from the environment
 * (tools/scripts/test.sh sources .local/auth.env), else the local one in .local/auth.env, else one
 * made up for this test process. Whatever it is, the processes the tests start get the same one
 * (testAuthEnv), so a test never depends on how its runner was started.
 */
export function testAuthSecret(): string {
  const fromEnvironment = process.env['AUTH_JWT_SECRET'];
  if (fromEnvironment) return fromEnvironment;
  const fromFile = readEnvFile(LOCAL_AUTH_ENV_FILE)['AUTH_JWT_SECRET'];
  if (fromFile) return fromFile;
  fallbackSecret ??= randomBytes(32).toString('base64url');
  return fallbackSecret;
}

/** The auth variables a service process started by a test needs. */
export function testAuthEnv(): Record<string, string> {
  return { AUTH_JWT_SECRET: testAuthSecret() };
}

export interface TestTokenOptions {
  /** sub; defaults to `test-<role>`. */
  readonly subject?: string;
  /** A partner's cameras (the `cameras` claim). */
  readonly cameras?: readonly string[];
  readonly purpose?: string;
  /** Seconds from now until exp; negative gives an expired token. Default one hour. */
  readonly expiresInS?: number;
  /** Overrides, to make tokens a service must refuse. */
  readonly secret?: string;
  readonly issuer?: string;
  readonly audience?: string;
}

/** A signed bearer token for `role`, as the local issuer (tools/auth/issue-token.ts) makes them. */
export async function mintTestToken(role: Role, options: TestTokenOptions = {}): Promise<string> {
  const nowS = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { role };
  if (options.cameras) claims['cameras'] = [...options.cameras];
  if (options.purpose) claims['purpose'] = options.purpose;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.subject ?? `test-${role}`)
    .setIssuer(options.issuer ?? process.env['AUTH_JWT_ISSUER'] ?? 'sightline')
    .setAudience(options.audience ?? process.env['AUTH_JWT_AUDIENCE'] ?? 'sightline')
    .setIssuedAt(nowS)
    .setExpirationTime(nowS + (options.expiresInS ?? 3_600))
    .sign(new TextEncoder().encode(options.secret ?? testAuthSecret()));
}

/** gRPC call metadata carrying `authorization: Bearer <token>`. */
export function bearerMetadata(token: string): Metadata {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

/** KEY=VALUE lines; an absent file reads as empty. */
function readEnvFile(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const entries: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match) entries[match[1]] = match[2].trim().replace(/^(['"])(.*)\1$/, '$2');
  }
  return entries;
}

/**
 * A client interceptor that sends `authorization: Bearer <token>` on every call, for tests that
 * construct a generated client themselves: `new XServiceClient(address, insecure, withBearer(t))`.
 */
export function withBearer(token: string): { interceptors: Interceptor[] } {
  const interceptor: Interceptor = (options, nextCall) =>
    new InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set('authorization', `Bearer ${token}`);
        next(metadata, listener);
      },
    });
  return { interceptors: [interceptor] };
}
