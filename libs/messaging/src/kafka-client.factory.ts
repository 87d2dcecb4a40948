import type { KafkaConfig } from '@sightline/config';
import type { Logger } from '@sightline/observability';
import { Kafka, logLevel, type LogEntry, type SASLOptions } from 'kafkajs';

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** One place that turns typed config into a kafkajs client, so production differs by config alone. */
export function createKafkaClient(config: KafkaConfig, logger: Logger): Kafka {
  return new Kafka({
    clientId: config.clientId,
    brokers: [...config.brokers],
    ssl: config.ssl,
    sasl: config.sasl ? ({ ...config.sasl } as SASLOptions) : undefined,
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 10_000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, level, log }: LogEntry) => {
        // kafkajs repeats its own timestamp and logger name; pino has both already.
        const { message, timestamp: _timestamp, logger: _kafkaLogger, ...extra } = log;
        logger[levels[level] ?? 'info']({ kafka: namespace, ...extra }, message);
      },
  });
}
