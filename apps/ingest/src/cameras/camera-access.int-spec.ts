import { credentials, type ServiceError, status } from '@grpc/grpc-js';
import { TOPICS } from '@sightline/contracts';
import { ensureTopics } from '@sightline/messaging';
import { MongoConnection } from '@sightline/persistence';
import { ingestV1 } from '@sightline/proto';
import {
  freePort,
  mintTestToken,
  mongoUrlFor,
  readTopicToEnd,
  startServiceProcess,
  testInfra,
  uniqueName,
  unary,
  waitFor,
  waitForHttpUrl,
  withBearer,
  type ServiceProcess,
} from '@sightline/testing';
import { Kafka, logLevel } from 'kafkajs';

/**
 * Access control on a real gRPC server: the ingest service as its own process on the real broker
 * and FerretDB. Missing, expired and tampered tokens get UNAUTHENTICATED, a wrong role and a
 * partner reaching for another partner's camera get PERMISSION_DENIED, and each refusal is on
 * audit.v1 with outcome 'refused'.
 */
const run = uniqueName('it-access');
const database = run.replace(/-/g, '_');
const kafka = new Kafka({
  clientId: run,
  brokers: testInfra.kafkaBrokers,
  logLevel: logLevel.NOTHING,
});
const ACME_CAMERA = `${run}-acme`;
const GLOBEX_CAMERA = `${run}-globex`;

interface AuditPayload {
  readonly actor: string;
  readonly role: string;
  readonly action: string;
  readonly target: string;
  readonly outcome: string;
}

describe('access control on the ingest gRPC and HTTP APIs', () => {
  let service: ServiceProcess;
  let address: string;
  let httpUrl: string;
  const clients: { close(): void }[] = [];

  /** A CameraService client that sends `token` (or no authorization at all). */
  function camerasAs(token?: string): ingestV1.CameraServiceClient {
    const client = new ingestV1.CameraServiceClient(
      address,
      credentials.createInsecure(),
      token === undefined ? {} : withBearer(token),
    );
    clients.push(client);
    return client;
  }

  async function getCameraAs(token: string | undefined, id: string): Promise<ingestV1.Camera> {
    const client = camerasAs(token);
    const { camera } = await unary(client, client.getCamera)({ id });
    if (!camera) throw new Error(`no camera ${id}`);
    return camera;
  }

  async function refusalOf(call: Promise<unknown>): Promise<ServiceError> {
    const error: unknown = await call.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    if (!error) throw new Error('the call was allowed');
    return error as ServiceError;
  }

  beforeAll(async () => {
    await ensureTopics(kafka, [TOPICS.frames, TOPICS.audit], { replicationFactor: 1 });
    const grpcPort = await freePort();
    service = startServiceProcess('apps/ingest/src/main.ts', {
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      KAFKA_GROUP_ID: `${run}.ingest`,
      MONGO_URL: mongoUrlFor(database),
      HTTP_PORT: '0',
      GRPC_PORT: String(grpcPort),
    });
    httpUrl = await waitForHttpUrl(service);
    address = `127.0.0.1:${grpcPort}`;
    await waitFor(
      () => fetch(`${httpUrl}/readyz`).then((response) => response.status),
      (code) => code === 200,
      { what: 'ingest to be ready' },
    );
    const admin = camerasAs(await mintTestToken('admin', { subject: `${run}-admin` }));
    for (const id of [ACME_CAMERA, GLOBEX_CAMERA]) {
      await unary(
        admin,
        admin.registerCamera,
      )({
        id,
        name: id,
        zone: 'gate',
        sensitive: false,
        samplingFps: 5,
        sourceUri: '',
        loop: false,
      });
    }
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await service?.stop();
    const mongo = await MongoConnection.open({ url: mongoUrlFor(database) });
    await mongo.connection.dropDatabase();
    await mongo.close();
  });

  it('refuses no, expired and tampered tokens with UNAUTHENTICATED', async () => {
    const none = await refusalOf(getCameraAs(undefined, `${run}-asked-without-token`));
    expect(none.code).toBe(status.UNAUTHENTICATED);
    expect(none.details).toMatch(/no bearer token/);

    const expired = await refusalOf(
      getCameraAs(await mintTestToken('admin', { expiresInS: -120 }), `${run}-asked-expired`),
    );
    expect(expired.code).toBe(status.UNAUTHENTICATED);
    expect(expired.details).toMatch(/expired/);

    // A partner's token with its role rewritten to admin: the signature no longer matches.
    const [header, payload, signature] = (
      await mintTestToken('partner', { subject: `${run}-forger`, cameras: [ACME_CAMERA] })
    ).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as object;
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    const tampered = await refusalOf(
      getCameraAs(`${header}.${forged}.${signature}`, `${run}-asked-tampered`),
    );
    expect(tampered.code).toBe(status.UNAUTHENTICATED);
    expect(tampered.details).toMatch(/signature/);
  });

  it('refuses a wrong role with PERMISSION_DENIED', async () => {
    const reviewer = await mintTestToken('reviewer', { subject: `${run}-reviewer` });
    const error = await refusalOf(getCameraAs(reviewer, ACME_CAMERA));
    expect(error.code).toBe(status.PERMISSION_DENIED);
    const client = camerasAs(await mintTestToken('partner', { cameras: [ACME_CAMERA] }));
    const removal = await refusalOf(unary(client, client.removeCamera)({ id: ACME_CAMERA }));
    expect(removal.code).toBe(status.PERMISSION_DENIED);
  });

  it("refuses a partner reading another partner's camera, and shows it only its own", async () => {
    const acme = await mintTestToken('partner', {
      subject: `${run}-acme-partner`,
      cameras: [ACME_CAMERA],
    });
    const error = await refusalOf(getCameraAs(acme, GLOBEX_CAMERA));
    expect(error.code).toBe(status.PERMISSION_DENIED);
    expect(error.details).toMatch(/only for its own cameras/);

    expect((await getCameraAs(acme, ACME_CAMERA)).id).toBe(ACME_CAMERA);
    const client = camerasAs(acme);
    const { cameras } = await unary(client, client.listCameras)({});
    expect(cameras.map((camera) => camera.id)).toEqual([ACME_CAMERA]);

    const http = await fetch(`${httpUrl}/cameras/${GLOBEX_CAMERA}`, {
      headers: { authorization: `Bearer ${acme}` },
    });
    expect(http.status).toBe(403);
    expect((await fetch(`${httpUrl}/cameras/${ACME_CAMERA}`)).status).toBe(401);
  });

  it("PushFrames: no token fails the stream, another partner's camera fails only that frame", async () => {
    const push = (token: string | undefined, cameraId: string) =>
      new Promise<ingestV1.PushFramesResponse>((resolve, reject) => {
        const client = new ingestV1.IngestServiceClient(
          address,
          credentials.createInsecure(),
          token === undefined ? {} : withBearer(token),
        );
        clients.push(client);
        const stream = client.pushFrames((error, response) =>
          error ? reject(error) : resolve(response),
        );
        stream.write({ cameraId, image: Buffer.from('not an image') });
        stream.end();
      });

    const anonymous = await refusalOf(push(undefined, ACME_CAMERA));
    expect(anonymous.code).toBe(status.UNAUTHENTICATED);
    // The refusal came back as a status; the service did not fall over.
    expect((await fetch(`${httpUrl}/readyz`)).status).toBe(200);

    const acme = await mintTestToken('partner', { cameras: [ACME_CAMERA] });
    await expect(push(acme, GLOBEX_CAMERA)).resolves.toEqual({
      accepted: 0,
      rejected: 1,
      dropped: 0,
      rejections: [
        {
          index: 0,
          cameraId: GLOBEX_CAMERA,
          reason: expect.stringMatching(/only for its own cameras/) as unknown,
        },
      ],
    });
  });

  it("puts every refusal on audit.v1 with outcome 'refused'", async () => {
    const expected: [string, Partial<AuditPayload>][] = [
      [`${run}-asked-without-token`, { actor: 'anonymous', role: 'anonymous' }],
      [`${run}-asked-expired`, { actor: 'anonymous', role: 'anonymous' }],
      [`${run}-asked-tampered`, { actor: 'anonymous', role: 'anonymous' }],
      [ACME_CAMERA, { actor: `${run}-reviewer`, role: 'reviewer' }],
      [GLOBEX_CAMERA, { actor: `${run}-acme-partner`, role: 'partner' }],
    ];
    const records = await waitFor(
      async () =>
        (await readTopicToEnd(kafka, TOPICS.audit.name, (value) => value.includes(run))).map(
          (record) => (JSON.parse(record.value) as { payload: AuditPayload }).payload,
        ),
      (found) =>
        expected.every(([camera, who]) =>
          found.some(
            (record) =>
              record.outcome === 'refused' &&
              record.actor === who.actor &&
              record.target.includes(`camera ${camera} `),
          ),
        ),
      { what: 'the refusals on audit.v1', timeoutMs: 30_000 },
    );
    for (const [camera, who] of expected) {
      expect(
        records.find(
          (record) => record.actor === who.actor && record.target.includes(`camera ${camera} `),
        ),
      ).toMatchObject({ ...who, action: 'cameras.read', outcome: 'refused' });
    }
    // The allowed admin registrations are audited too, as changes to the camera registry.
    expect(
      records.filter((record) => record.actor === `${run}-admin` && record.outcome === 'allowed'),
    ).toHaveLength(2);
  });
});
