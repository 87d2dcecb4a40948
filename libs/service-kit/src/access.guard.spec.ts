import { Metadata } from '@grpc/grpc-js';
import { HttpException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { SightlineConfig } from '@sightline/config';
import { DomainError, ErrorCode } from '@sightline/contracts';
import type { Role } from '@sightline/governance';
import { KafkaEventContext } from '@sightline/messaging';
import type { Logger } from '@sightline/observability';
import { mintTestToken, type TestTokenOptions } from '@sightline/testing';
import { AccessGuard } from './access.guard';
import type { AuditFact, AuditTrail } from './audit-trail';
import { principalOf, principalOfRequest } from './principal-of';
import { PublicEndpoint, RequiresAccess } from './requires-access.decorator';
import { TokenVerifier } from './token-verifier';

// A test value, not a real key.
const SECRET = 'access-guard-spec-secret-of-32-bytes-or-more';

class CamerasController {
  @RequiresAccess('cameras.read', (request) => ({ cameraId: (request as { id: string }).id }))
  getCamera(): string {
    return 'getCamera';
  }

  @RequiresAccess('cameras.read', () => ({ narrowedToOwnCameras: true }))
  listCameras(): string {
    return 'listCameras';
  }

  @RequiresAccess('sightings.query')
  querySightings(): string {
    return 'querySightings';
  }

  @RequiresAccess('ingest.push', () => ({ narrowedToOwnCameras: true }))
  pushFrames(): string {
    return 'pushFrames';
  }

  forgottenHandler(): string {
    return 'forgottenHandler';
  }

  @PublicEndpoint()
  probe(): string {
    return 'probe';
  }
}

type Handler = keyof CamerasController;

function grpcContext(handler: Handler, request: object, metadata: Metadata): ExecutionContextHost {
  const context = new ExecutionContextHost(
    [request, metadata, {}],
    CamerasController,
    CamerasController.prototype[handler],
  );
  context.setType('rpc');
  return context;
}

function httpContext(handler: Handler, request: object): ExecutionContextHost {
  const context = new ExecutionContextHost(
    [request, {}, () => undefined],
    CamerasController,
    CamerasController.prototype[handler],
  );
  context.setType('http');
  return context;
}

function metadataWith(authorization?: string): Metadata {
  const metadata = new Metadata();
  if (authorization !== undefined) metadata.set('authorization', authorization);
  return metadata;
}

async function bearer(role: Role, options: TestTokenOptions = {}): Promise<Metadata> {
  return metadataWith(`Bearer ${await mintTestToken(role, { secret: SECRET, ...options })}`);
}

describe('AccessGuard', () => {
  let recorded: AuditFact[];
  let guard: AccessGuard;

  beforeEach(() => {
    recorded = [];
    const audit = {
      record: jest.fn(async (fact: AuditFact) => {
        recorded.push(fact);
      }),
    } as unknown as AuditTrail;
    const logger = { warn: jest.fn(), error: jest.fn() } as unknown as Logger;
    const verifier = new TokenVerifier({
      auth: {
        key: { kind: 'shared-secret', secret: SECRET },
        issuer: 'sightline',
        audience: 'sightline',
        clockToleranceS: 0,
      },
    } as SightlineConfig);
    guard = new AccessGuard(new Reflector(), verifier, audit, logger);
  });

  async function refusedWith(context: ExecutionContextHost): Promise<DomainError> {
    const error: unknown = await guard.canActivate(context).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    if (!(error instanceof DomainError))
      throw new Error(`expected a refusal, got ${String(error)}`);
    return error;
  }

  it.each<[string, () => Promise<Metadata>, RegExp]>([
    ['no token', () => Promise.resolve(metadataWith()), /no bearer token/],
    ['a header that is not Bearer', () => Promise.resolve(metadataWith('Basic YTpi')), /no bearer/],
    ['a malformed token', () => Promise.resolve(metadataWith('Bearer abc.def')), /malformed/],
    ['an expired token', () => bearer('reviewer', { expiresInS: -30 }), /expired/],
    [
      'a token signed with another secret',
      () => bearer('reviewer', { secret: 'someone-elses-secret-of-at-least-32-bytes' }),
      /signature/,
    ],
    ['a token of another issuer', () => bearer('reviewer', { issuer: 'elsewhere' }), /iss claim/],
  ])(
    'refuses %s with UNAUTHENTICATED and audits it as anonymous',
    async (_case, metadata, reason) => {
      const error = await refusedWith(grpcContext('querySightings', {}, await metadata()));
      expect(error.code).toBe(ErrorCode.Unauthenticated);
      expect(error.message).toMatch(reason);
      expect(recorded).toEqual([
        expect.objectContaining({
          actor: 'anonymous',
          role: 'anonymous',
          action: 'sightings.query',
          outcome: 'refused',
          target: expect.stringContaining('CamerasController.querySightings') as unknown,
        }),
      ]);
    },
  );

  it('refuses a wrong role with PERMISSION_DENIED, audited under its subject and role', async () => {
    const error = await refusedWith(
      grpcContext('querySightings', {}, await bearer('enroller', { subject: 'enr-1' })),
    );
    expect(error.code).toBe(ErrorCode.PermissionDenied);
    expect(recorded).toEqual([
      expect.objectContaining({
        actor: 'enr-1',
        role: 'enroller',
        action: 'sightings.query',
        outcome: 'refused',
      }),
    ]);
  });

  it("refuses a partner reading another partner's camera, and allows its own", async () => {
    const partner = () => bearer('partner', { subject: 'acme', cameras: ['cam-acme'] });
    const error = await refusedWith(grpcContext('getCamera', { id: 'cam-other' }, await partner()));
    expect(error.code).toBe(ErrorCode.PermissionDenied);
    expect(recorded[0]).toMatchObject({
      actor: 'acme',
      role: 'partner',
      action: 'cameras.read',
      outcome: 'refused',
      target: expect.stringContaining('camera cam-other') as unknown,
    });

    const own = await partner();
    await expect(
      guard.canActivate(grpcContext('getCamera', { id: 'cam-acme' }, own)),
    ).resolves.toBe(true);
    expect(principalOf(own)).toEqual({ subject: 'acme', role: 'partner', cameraIds: ['cam-acme'] });
  });

  it('refuses a partner naming no camera where the handler does not narrow to its own', async () => {
    const error = await refusedWith(
      grpcContext('getCamera', { id: '' }, await bearer('partner', { cameras: ['cam-acme'] })),
    );
    expect(error.code).toBe(ErrorCode.PermissionDenied);
  });

  it('lets a partner into a handler that narrows to its own cameras', async () => {
    const metadata = await bearer('partner', { cameras: ['cam-acme'] });
    await expect(guard.canActivate(grpcContext('listCameras', {}, metadata))).resolves.toBe(true);
  });

  it('denies by default: a handler without @RequiresAccess is refused even to an admin', async () => {
    const error = await refusedWith(grpcContext('forgottenHandler', {}, await bearer('admin')));
    expect(error.code).toBe(ErrorCode.PermissionDenied);
    expect(error.message).toMatch(/declares no access rule/);
    expect(recorded).toEqual([
      expect.objectContaining({ role: 'admin', action: 'undeclared', outcome: 'refused' }),
    ]);
  });

  it('audits an allowed search with the database searched and the purpose', async () => {
    const metadata = await bearer('reviewer', { subject: 'rev-1', purpose: 'case 17' });
    await expect(guard.canActivate(grpcContext('querySightings', {}, metadata))).resolves.toBe(
      true,
    );
    expect(recorded).toEqual([
      {
        actor: 'rev-1',
        role: 'reviewer',
        purpose: 'case 17',
        action: 'sightings.query',
        target: 'CamerasController.querySightings',
        databaseSearched: 'sightings',
        outcome: 'allowed',
      },
    ]);
    expect(principalOf(metadata)).toMatchObject({ subject: 'rev-1', role: 'reviewer' });
  });

  it('reads the metadata of a client-streaming call from the call itself', async () => {
    const metadata = await bearer('partner', { cameras: ['cam-acme'] });
    const streamCall = new ExecutionContextHost(
      [{ metadata }, () => undefined],
      CamerasController,
      CamerasController.prototype.pushFrames,
    );
    streamCall.setType('rpc');
    await expect(guard.canActivate(streamCall)).resolves.toBe(true);
    expect(principalOf(metadata).role).toBe('partner');
    expect(recorded).toEqual([]);
  });

  it('answers HTTP with 401 and 403, and binds the principal to the request', async () => {
    const anonymous = { headers: {}, method: 'GET', route: { path: '/cameras/:id' } };
    const unauthenticated = await guard
      .canActivate(httpContext('getCamera', anonymous))
      .catch((error: unknown) => error);
    expect(unauthenticated).toBeInstanceOf(HttpException);
    expect((unauthenticated as HttpException).getStatus()).toBe(401);
    expect(recorded[0]).toMatchObject({
      role: 'anonymous',
      target: expect.stringContaining('GET /cameras/:id') as unknown,
    });

    const token = await mintTestToken('partner', { secret: SECRET, cameras: ['cam-acme'] });
    const foreign = {
      headers: { authorization: `Bearer ${token}` },
      method: 'GET',
      params: { id: 'cam-other' },
      id: 'cam-other',
    };
    const forbidden = await guard
      .canActivate(httpContext('getCamera', foreign))
      .catch((error: unknown) => error);
    expect((forbidden as HttpException).getStatus()).toBe(403);

    const own = { headers: { authorization: `Bearer ${token}` }, method: 'GET', id: 'cam-acme' };
    await expect(guard.canActivate(httpContext('getCamera', own))).resolves.toBe(true);
    expect(principalOfRequest(own).subject).toBe('test-partner');
  });

  it('lets public endpoints and Kafka event handlers through without a token', async () => {
    await expect(guard.canActivate(grpcContext('probe', {}, metadataWith()))).resolves.toBe(true);
    const event = new ExecutionContextHost(
      [{}, new KafkaEventContext(['frames.v1', 0, '1', {}] as never)],
      CamerasController,
      CamerasController.prototype.forgottenHandler,
    );
    event.setType('rpc');
    await expect(guard.canActivate(event)).resolves.toBe(true);
    expect(recorded).toEqual([]);
  });

  it('throws when asked for the principal of a call the guard did not pass', () => {
    expect(() => principalOf(new Metadata())).toThrow(/no verified principal/);
  });
});
