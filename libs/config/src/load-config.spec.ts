import { ConfigError } from './config-error';
import { loadConfig } from './load-config';

describe('loadConfig', () => {
  it('applies defaults and derives the Kafka identity from the service name', () => {
    const config = loadConfig({}, { SERVICE_NAME: 'detect' });
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
      { HTTP_PORT: '9100', KAFKA_BROKERS: 'a:9092, b:9092', KAFKA_GROUP_ID: 'g' },
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
        { SERVICE_NAME: 'Bad Name', HTTP_PORT: '70000', MONGO_URL: 'postgres://secret@x' },
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

  it('requires SASL credentials when a mechanism is chosen', () => {
    expect(() => loadConfig({}, { SERVICE_NAME: 'notify', KAFKA_SASL_MECHANISM: 'plain' })).toThrow(
      /KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required/,
    );
  });

  it('returns a frozen object so nothing mutates config after start-up', () => {
    const config = loadConfig({}, { SERVICE_NAME: 'policy' });
    expect(Object.isFrozen(config.kafka.brokers)).toBe(true);
    expect(Object.isFrozen(config.service)).toBe(true);
  });
});
