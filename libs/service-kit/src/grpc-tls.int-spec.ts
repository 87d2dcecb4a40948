import { credentials, Metadata, type ChannelCredentials } from '@grpc/grpc-js';
import { ensureTopics } from '@sightline/messaging';
import { healthV1 } from '@sightline/proto';
import {
  freePort,
  mongoUrlFor,
  startServiceProcess,
  testInfra,
  uniqueName,
  waitFor,
  waitForHttpUrl,
  type ServiceProcess,
} from '@sightline/testing';
import { Kafka, logLevel } from 'kafkajs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ledgerTopic } from './ledger-topic.fixture';

const FIXTURE = 'libs/service-kit/src/ledger-service.fixture.ts';

/** A CA, a server certificate for 127.0.0.1 and two client certificates: one the CA signed, one not. */
function makeCertificates(dir: string): Record<string, string> {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const key = (name: string) => openssl('genrsa', '-out', `${name}.key`, '2048');
  const request = (name: string, cn: string) =>
    openssl('req', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`);
  const sign = (name: string, extensions?: string) => {
    const args = ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key'];
    args.push('-CAcreateserial', '-days', '1', '-out', `${name}.crt`);
    if (extensions) {
      writeFileSync(path.join(dir, `${name}.ext`), extensions);
      args.push('-extfile', `${name}.ext`);
    }
    openssl(...args);
  };
  key('ca');
  openssl(
    'req',
    '-x509',
    '-new',
    '-key',
    'ca.key',
    '-subj',
    '/CN=test-ca',
    '-days',
    '1',
    '-out',
    'ca.crt',
  );
  key('server');
  request('server', '127.0.0.1');
  sign('server', 'subjectAltName=IP:127.0.0.1\n');
  key('client');
  request('client', 'partner-gateway');
  sign('client');
  key('rogue');
  openssl(
    'req',
    '-x509',
    '-new',
    '-key',
    'rogue.key',
    '-subj',
    '/CN=rogue',
    '-days',
    '1',
    '-out',
    'rogue.crt',
  );
  const file = (name: string) => path.join(dir, name);
  return Object.fromEntries(
    [
      'ca.crt',
      'server.crt',
      'server.key',
      'client.crt',
      'client.key',
      'rogue.crt',
      'rogue.key',
    ].map((name) => [name, file(name)]),
  );
}

/**
 * Mutual TLS on a real service's gRPC port: with GRPC_TLS_* set, only a caller presenting a
 * certificate from the configured CA gets as far as a handler; plaintext, no certificate and a
 * certificate from elsewhere are all turned away at the handshake.
 */
describe('gRPC mutual TLS (int)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sightline-tls-'));
  let service: ServiceProcess | undefined;

  afterAll(async () => {
    await service?.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a caller with a certificate from the CA and refuses every other', async () => {
    const files = makeCertificates(dir);
    const kafka = new Kafka({ brokers: testInfra.kafkaBrokers, logLevel: logLevel.NOTHING });
    const topicName = `${uniqueName('it.tls').replace(/-/g, '.')}.v1`;
    await ensureTopics(kafka, [ledgerTopic(topicName)], { replicationFactor: 1 });
    const grpcPort = await freePort();
    service = startServiceProcess(FIXTURE, {
      LEDGER_TOPIC: topicName,
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      KAFKA_GROUP_ID: `${topicName}.group`,
      MONGO_URL: mongoUrlFor(uniqueName('it_tls').replace(/-/g, '_')),
      GRPC_PORT: String(grpcPort),
      GRPC_TLS_CERT_FILE: files['server.crt'] ?? '',
      GRPC_TLS_KEY_FILE: files['server.key'] ?? '',
      GRPC_TLS_CLIENT_CA_FILE: files['ca.crt'] ?? '',
    });
    const httpUrl = await waitForHttpUrl(service);
    await waitFor(
      () => fetch(`${httpUrl}/readyz`).then((response) => response.status),
      (code) => code === 200,
      { what: 'the service to be ready' },
    );

    const read = (name: string) => readFileSync(files[name] ?? '');
    const check = (channel: ChannelCredentials): Promise<string> => {
      const client = new healthV1.HealthServiceClient(`127.0.0.1:${grpcPort}`, channel);
      return new Promise<string>((resolve) => {
        client.check(
          { service: 'sightline.ledger' },
          new Metadata(),
          { deadline: Date.now() + 5_000 },
          (error, response) => {
            client.close();
            resolve(error ? `refused (${error.code})` : `status ${response.status}`);
          },
        );
      });
    };

    const serving = `status ${healthV1.ServingStatus.SERVING_STATUS_SERVING}`;
    expect(
      await check(credentials.createSsl(read('ca.crt'), read('client.key'), read('client.crt'))),
    ).toBe(serving);
    expect(await check(credentials.createInsecure())).toMatch(/^refused/);
    expect(await check(credentials.createSsl(read('ca.crt')))).toMatch(/^refused/);
    expect(
      await check(credentials.createSsl(read('ca.crt'), read('rogue.key'), read('rogue.crt'))),
    ).toMatch(/^refused/);
  });
});
