import { generateKeyPairSync } from 'node:crypto';
import { ConfigError } from './config-error';
import { loadConfig, operatorToken } from './load-config';

// A test value, not a real key: 32 bytes is the least HS256 accepts here.
const SECRET = 'unit-test-secret-of-at-least-32-bytes';

describe('loadConfig', () => {
  it('applies defaults and derives the Kafka identity from the service name', () => {
    const config = loadConfig({}, { SERVICE_NAME: 'detect', AUTH_JWT_SECRET: SECRET });
    expect(config.kafka).toMatchObject({
      brokers: ['127.0.0.1:9092'],
      clientId: 'detect',
      groupId: 'sightline.detect',
      ssl: false,
      createTopics: true,
    });
    expect(config.mongo.url).toBe('mongodb://127.0.0.1:27017/sightline');
    expect(config.retry).toEqual({ maxAttempts: 4, initialBackoffMs: 100, maxBackoffMs: 5000 });
  });

  it('lets the environment win over entry-point defaults and splits broker lists', () => {
    const config = loadConfig(
      { SERVICE_NAME: 'match', HTTP_PORT: '8080' },
      {
        HTTP_PORT: '9100',
        KAFKA_BROKERS: 'a:9092, b:9092',
        KAFKA_GROUP_ID: 'g',
        AUTH_JWT_SECRET: SECRET,
      },
    );
    expect(config.service).toMatchObject({ name: 'match', httpPort: 9100 });
    expect(config.kafka.brokers).toEqual(['a:9092', 'b:9092']);
    expect(config.kafka.groupId).toBe('g');
  });

  it('reports every problem at once and redacts sensitive values', () => {
    let caught: unknown;
    try {
      loadConfig(
        {},
        {
          SERVICE_NAME: 'Bad Name',
          HTTP_PORT: '70000',
          MONGO_URL: 'postgres://secret@x',
          AUTH_JWT_SECRET: SECRET,
        },
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toContain('SERVICE_NAME="Bad Name"');
    expect(problems.join('\n')).toContain('MONGO_URL=<redacted>');
    expect(problems.join('\n')).not.toContain('secret');
  });

  it('takes gRPC TLS as a whole key pair, a client CA only on top of one', () => {
    const base = { SERVICE_NAME: 'policy', AUTH_JWT_SECRET: SECRET };
    expect(loadConfig({}, base).service.grpcTls).toBeUndefined();
    expect(
      loadConfig(
        {},
        {
          ...base,
          GRPC_TLS_CERT_FILE: '/tls/tls.crt',
          GRPC_TLS_KEY_FILE: '/tls/tls.key',
          GRPC_TLS_CLIENT_CA_FILE: '/tls/ca.crt',
        },
      ).service.grpcTls,
    ).toEqual({ certFile: '/tls/tls.crt', keyFile: '/tls/tls.key', clientCaFile: '/tls/ca.crt' });
    expect(() => loadConfig({}, { ...base, GRPC_TLS_CERT_FILE: '/tls/tls.crt' })).toThrow(
      /GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE together/,
    );
    expect(() => loadConfig({}, { ...base, GRPC_TLS_CLIENT_CA_FILE: '/tls/ca.crt' })).toThrow(
      /GRPC_TLS_CLIENT_CA_FILE needs/,
    );
  });

  it('requires SASL credentials when a mechanism is chosen', () => {
    expect(() =>
      loadConfig(
        {},
        { SERVICE_NAME: 'notify', KAFKA_SASL_MECHANISM: 'plain', AUTH_JWT_SECRET: SECRET },
      ),
    ).toThrow(/KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required/);
  });

  it('returns a frozen object so nothing mutates config after start-up', () => {
    const config = loadConfig({}, { SERVICE_NAME: 'policy', AUTH_JWT_SECRET: SECRET });
    expect(Object.isFrozen(config.kafka.brokers)).toBe(true);
    expect(Object.isFrozen(config.service)).toBe(true);
  });

  describe('bearer-token verification key', () => {
    function problemsOf(environment: Record<string, string>): readonly string[] {
      try {
        loadConfig({}, { SERVICE_NAME: 'policy', ...environment });
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
      }
      return [];
    }

    it('takes a shared secret, with issuer, audience and clock tolerance defaults', () => {
      const config = loadConfig({}, { SERVICE_NAME: 'policy', AUTH_JWT_SECRET: SECRET });
      expect(config.auth).toEqual({
        key: { kind: 'shared-secret', secret: SECRET },
        issuer: 'sightline',
        audience: 'sightline',
        clockToleranceS: 30,
      });
    });

    it('has no default: a service without a key does not start', () => {
      expect(problemsOf({})).toEqual([
        expect.stringMatching(/^AUTH_JWT_SECRET \(32\+ bytes\) or AUTH_JWT_PUBLIC_KEY is required/),
      ]);
    });

    it('refuses a secret shorter than 32 bytes and never prints it', () => {
      const problems = problemsOf({ AUTH_JWT_SECRET: 'too-short-secret' });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain('AUTH_JWT_SECRET=<redacted>: must be at least 32 bytes');
      expect(problems[0]).not.toContain('too-short-secret');
    });

    it('takes an SPKI public key instead, also with literal \\n line breaks', () => {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const config = loadConfig(
        {},
        { SERVICE_NAME: 'policy', AUTH_JWT_PUBLIC_KEY: pem.replace(/\n/g, '\\n') },
      );
      expect(config.auth.key).toEqual({ kind: 'public-key', publicKeyPem: pem });
    });

    it('refuses a public key that is not PEM, and both keys at once', () => {
      expect(problemsOf({ AUTH_JWT_PUBLIC_KEY: 'not a key' })).toEqual([
        expect.stringContaining('AUTH_JWT_PUBLIC_KEY is not an SPKI PEM public key'),
      ]);
      expect(problemsOf({ AUTH_JWT_SECRET: SECRET, AUTH_JWT_PUBLIC_KEY: 'x' })).toEqual([
        'set AUTH_JWT_SECRET or AUTH_JWT_PUBLIC_KEY, not both',
      ]);
    });

    it('reads the operator token of the CLIs, and nothing when it is empty', () => {
      expect(operatorToken({ SIGHTLINE_TOKEN: 'a.b.c' })).toBe('a.b.c');
      expect(operatorToken({ SIGHTLINE_TOKEN: '' })).toBeUndefined();
      expect(operatorToken({})).toBeUndefined();
    });
  });
});
