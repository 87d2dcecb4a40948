import {
  credentials,
  Metadata,
  Server,
  ServerCredentials,
  status,
  type ServiceError,
} from '@grpc/grpc-js';
import { healthV1 } from './index';

const { ServingStatus } = healthV1;
const CHECKED_AT = new Date('2025-11-26T09:30:00.250Z');

// A real @grpc/grpc-js server and client wired only through the generated definitions: this is
// what proves the ts-proto output (service definition, (de)serialisers, client constructor) works.
const implementation: healthV1.HealthServiceServer = {
  check: (call, callback) => {
    if (call.request.service === 'sightline.unknown') {
      callback({ code: status.NOT_FOUND, details: `unknown service ${call.request.service}` });
      return;
    }
    callback(null, {
      status: ServingStatus.SERVING_STATUS_NOT_SERVING,
      details: [
        { name: 'kafka', ok: true, detail: '' },
        {
          name: 'mongo',
          ok: false,
          detail: `connection refused (asked for "${call.request.service}")`,
        },
      ],
      checkedAt: CHECKED_AT,
    });
  },
  watch: (call) => {
    call.write({
      status: ServingStatus.SERVING_STATUS_NOT_SERVING,
      details: [],
      checkedAt: CHECKED_AT,
    });
    call.write({
      status: ServingStatus.SERVING_STATUS_SERVING,
      details: [],
      checkedAt: CHECKED_AT,
    });
    call.end();
  },
};

function bind(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(error) : resolve(port),
    );
  });
}

function check(
  client: healthV1.HealthServiceClient,
  service: string,
): Promise<healthV1.CheckResponse> {
  return new Promise((resolve, reject) => {
    client.check(
      { service },
      new Metadata(),
      { deadline: Date.now() + 5_000 },
      (error, response) => (error ? reject(error) : resolve(response)),
    );
  });
}

function watch(
  client: healthV1.HealthServiceClient,
  service: string,
): Promise<healthV1.WatchResponse[]> {
  return new Promise((resolve, reject) => {
    const received: healthV1.WatchResponse[] = [];
    const stream = client.watch({ service }, { deadline: Date.now() + 5_000 });
    stream.on('data', (message: healthV1.WatchResponse) => received.push(message));
    stream.on('error', reject);
    stream.on('end', () => resolve(received));
  });
}

describe('sightline.health.v1.HealthService over @grpc/grpc-js', () => {
  let server: Server;
  let client: healthV1.HealthServiceClient;

  beforeAll(async () => {
    server = new Server();
    server.addService(healthV1.HealthServiceService, implementation);
    const port = await bind(server);
    client = new healthV1.HealthServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
  });

  afterAll(async () => {
    client?.close();
    await new Promise<void>((resolve) => {
      if (!server) {
        resolve();
        return;
      }
      server.tryShutdown(() => resolve());
    });
  });

  it('uses the fully-qualified gRPC method paths from the proto package', () => {
    expect(healthV1.HealthServiceService.check.path).toBe(
      '/sightline.health.v1.HealthService/Check',
    );
    expect(healthV1.HealthServiceService.watch.path).toBe(
      '/sightline.health.v1.HealthService/Watch',
    );
  });

  it('answers Check with the serving status and the /readyz dependency details', async () => {
    const response = await check(client, 'sightline.match');

    expect(response).toEqual({
      status: ServingStatus.SERVING_STATUS_NOT_SERVING,
      details: [
        { name: 'kafka', ok: true, detail: '' },
        { name: 'mongo', ok: false, detail: 'connection refused (asked for "sightline.match")' },
      ],
      checkedAt: CHECKED_AT,
    });
  });

  it('surfaces a gRPC status error from Check', async () => {
    await expect(check(client, 'sightline.unknown')).rejects.toMatchObject({
      code: status.NOT_FOUND,
      details: 'unknown service sightline.unknown',
    } satisfies Partial<ServiceError>);
  });

  it('streams every status change from Watch', async () => {
    const updates = await watch(client, '');

    expect(updates.map((update) => healthV1.servingStatusToJSON(update.status))).toEqual([
      'SERVING_STATUS_NOT_SERVING',
      'SERVING_STATUS_SERVING',
    ]);
  });
});
