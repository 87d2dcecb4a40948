import { defineEvent, defineTopic } from '@sightline/contracts';
import { z } from 'zod';

/** A test-only event: `behaviour` lets a test plant a poison message among good ones. */
export const ledgerEntryRecorded = defineEvent({
  type: 'test.ledger.entry-recorded',
  version: 1,
  schema: z.object({
    sequence: z.number().int().nonnegative(),
    behaviour: z.enum(['ok', 'always-fail']),
  }),
});

export function ledgerTopic(name: string) {
  return defineTopic({
    name,
    description: 'Integration-test topic of the ledger fixture service.',
    key: 'eventId',
    partitions: 3,
    retentionMs: 3_600_000,
    carriesBiometrics: false,
    events: [ledgerEntryRecorded],
  });
}
