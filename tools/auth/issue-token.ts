// Mints a bearer token for local use, signed with the local secret that deploy/local/up.sh keeps
// in .local/auth.env (or AUTH_JWT_SECRET when set). In production the agency's identity provider
// issues tokens and Sightline holds only its public key (AUTH_JWT_PUBLIC_KEY).
//   node tools/scripts/run-ts.cjs tools/auth/issue-token.ts --role admin [--subject alice]
//        [--cameras cam-1,cam-2 (partner)] [--purpose "case 17"] [--ttl-hours 8]
//   export SIGHTLINE_TOKEN=$(node tools/scripts/run-ts.cjs tools/auth/issue-token.ts --role admin)
import { ROLES, type Role } from '@sightline/governance';
import { SignJWT } from 'jose';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const AUTH_ENV_FILE = path.resolve(__dirname, '..', '..', '.local', 'auth.env');

function localSecret(): string {
  const fromEnvironment = process.env['AUTH_JWT_SECRET'];
  if (fromEnvironment) return fromEnvironment;
  let text: string;
  try {
    text = readFileSync(AUTH_ENV_FILE, 'utf8');
  } catch {
    throw new Error(`no AUTH_JWT_SECRET and no ${AUTH_ENV_FILE}: run deploy/local/up.sh first`);
  }
  const match = /^AUTH_JWT_SECRET=(.+)$/m.exec(text);
  if (!match) throw new Error(`${AUTH_ENV_FILE} holds no AUTH_JWT_SECRET`);
  return match[1].trim();
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      subject: { type: 'string' },
      cameras: { type: 'string' },
      purpose: { type: 'string' },
      'ttl-hours': { type: 'string', default: '8' },
    },
    strict: true,
  });
  const role = values.role ?? '';
  if (!isRole(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  const cameras = (values.cameras ?? '')
    .split(',')
    .map((camera) => camera.trim())
    .filter((camera) => camera !== '');
  if (role === 'partner' && cameras.length === 0) {
    throw new Error('a partner token needs --cameras: a partner sees only its own cameras');
  }
  const ttlHours = Number(values['ttl-hours']);
  if (!(ttlHours > 0 && ttlHours <= 24 * 30)) throw new Error('--ttl-hours must be in (0, 720]');

  const claims: Record<string, unknown> = { role };
  if (role === 'partner') claims['cameras'] = cameras;
  if (values.purpose) claims['purpose'] = values.purpose;
  const nowS = Math.floor(Date.now() / 1000);
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(values.subject ?? `local-${role}`)
    .setIssuer(process.env['AUTH_JWT_ISSUER'] ?? 'sightline')
    .setAudience(process.env['AUTH_JWT_AUDIENCE'] ?? 'sightline')
    .setIssuedAt(nowS)
    .setExpirationTime(nowS + Math.round(ttlHours * 3_600))
    .sign(new TextEncoder().encode(localSecret()));
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
