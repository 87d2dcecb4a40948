/**
 * Auditors' CLI of the tamper-evident audit log that the policy service keeps in Mongo:
 *
 *   node tools/scripts/run-ts.cjs apps/policy/src/audit/audit-cli.ts <command> [options]
 *
 *   verify [--page-size 1000]
 *       recomputes the whole hash chain in sequence order. Prints
 *       "audit chain intact: N records, head <hash>" and exits 0, or names the first broken record
 *       (sequence, reason, its action, actor and time) and exits 3.
 *   list [--since 2026-01-01T00:00:00Z] [--actor ID] [--limit 100]
 *       prints the stored records in chain order as JSON lines, at or after --since (by their `at`),
 *       optionally only one actor's.
 *
 * Configuration is the service's (MONGO_URL, LOG_LEVEL, ...). Usage errors exit 2, failures 1.
 * It lives beside the audit code rather than in src/cli because relative-parent imports are banned.
 */
import 'reflect-metadata';
import { loadConfig } from '@sightline/config';
import { MongoConnection } from '@sightline/persistence';
import { parseArgs } from 'node:util';
import { AuditRecordRepository } from './audit-record.repository';
import { VERIFY_PAGE_SIZE, VerifyAuditChainUseCase } from './verify-audit-chain.usecase';

const EXIT_BROKEN = 3;
const LIST_PAGE_SIZE = 500;

class UsageError extends Error {}

const OPTIONS = {
  'page-size': { type: 'string' },
  since: { type: 'string' },
  actor: { type: 'string' },
  limit: { type: 'string' },
} as const;

function positiveInteger(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new UsageError(`--${name} must be a positive integer`);
  return value;
}

async function verify(records: AuditRecordRepository, pageSize: number): Promise<number> {
  const report = await new VerifyAuditChainUseCase(records).execute(pageSize);
  if (report.intact) {
    process.stdout.write(`audit chain intact: ${report.count} records, head ${report.head.hash}\n`);
    return 0;
  }
  const { broken } = report;
  const gap =
    broken.sequence === broken.expectedSequence ? '' : ` (expected ${broken.expectedSequence})`;
  process.stdout.write(
    `audit chain BROKEN at record ${broken.sequence}${gap}: ${broken.reason}; ` +
      `action ${broken.action ?? '?'}, actor ${broken.actor ?? '?'}, at ${broken.at ?? '?'}; ` +
      `${report.verified} records before it verified\n`,
  );
  return EXIT_BROKEN;
}

async function list(
  records: AuditRecordRepository,
  since: Date | undefined,
  actor: string | undefined,
  limit: number,
): Promise<number> {
  let printed = 0;
  let after = 0;
  while (printed < limit) {
    const page = await records.findRawPageByActor(actor, after, LIST_PAGE_SIZE);
    if (page.length === 0) break;
    for (const record of page) {
      const at = typeof record['at'] === 'string' ? new Date(record['at']) : undefined;
      if (since && (!at || at.getTime() < since.getTime())) continue;
      process.stdout.write(`${JSON.stringify(record)}\n`);
      printed += 1;
      if (printed >= limit) break;
    }
    after = Number(page[page.length - 1]?.['sequence']);
  }
  return 0;
}

async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (command !== 'verify' && command !== 'list') {
    throw new UsageError(
      'usage: audit-cli.ts verify [--page-size N] | list [--since ISO] [--actor ID] [--limit N]',
    );
  }
  const since = values.since === undefined ? undefined : new Date(values.since);
  if (since && Number.isNaN(since.getTime()))
    throw new UsageError('--since must be an ISO-8601 time');
  const pageSize = positiveInteger(values['page-size'], 'page-size', VERIFY_PAGE_SIZE);
  const limit = positiveInteger(values.limit, 'limit', 100);

  const config = loadConfig({ SERVICE_NAME: 'policy-audit-cli' });
  // No logger: stdout carries the verdict alone, so scripts can read it.
  const mongo = await MongoConnection.open({ url: config.mongo.url });
  try {
    const records = new AuditRecordRepository(mongo);
    return command === 'verify'
      ? await verify(records, pageSize)
      : await list(records, since, values.actor, limit);
  } finally {
    await mongo.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`audit-cli: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
