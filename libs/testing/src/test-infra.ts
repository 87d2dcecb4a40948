import { ulid } from 'ulid';

/**
 * Where the real infrastructure started by tools/scripts/test.sh (deploy/local/up.sh) listens.
 * Integration tests read it here, once, rather than each test reading the environment.
 */
export const testInfra = {
  kafkaBrokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
  mongoUrl: process.env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27017/sightline',
};

/** A name no earlier run used, so tests never see each other's topics, groups or databases. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${ulid().toLowerCase()}`;
}

/** The Mongo URL of a throw-away database. */
export function mongoUrlFor(database: string): string {
  const url = new URL(testInfra.mongoUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A TCP port that was free a moment ago, for a child process that must listen on a known port. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
