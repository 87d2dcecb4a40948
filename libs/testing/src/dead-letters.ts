import { ulid } from 'ulid';
import type { Kafka } from 'kafkajs';
import { waitFor } from './wait-for';

export interface DeadLetter {
  readonly value: string;
  /** Header values as strings, the way an operator reads them. */
  readonly headers: Readonly<Record<string, string | undefined>>;
}

/**
 * Reads a dead-letter topic from the beginning in a throw-away group until `wanted` accepts what
 * has arrived, then returns those letters.
 */
export async function readDeadLetters(
  kafka: Kafka,
  topic: string,
  wanted: (letters: readonly DeadLetter[]) => boolean,
  what = `dead letters on ${topic}`,
): Promise<DeadLetter[]> {
  const consumer = kafka.consumer({ groupId: `it-dlq-reader-${ulid().toLowerCase()}` });
  const letters: DeadLetter[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([name, value]) => [name, value?.toString()]),
        );
        letters.push({ value: message.value?.toString() ?? '', headers });
      },
    });
    await waitFor(() => letters, wanted, { what });
    return [...letters];
  } finally {
    await consumer.disconnect();
  }
}
