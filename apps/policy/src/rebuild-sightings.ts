/**
 * Rebuilds the sightings projection from sightings.v1 into a fresh database and compares it, key
 * by key, with the live projection of the policy service:
 *
 *   node tools/scripts/run-ts.cjs apps/policy/src/rebuild-sightings.ts [--target-database NAME] [--keep]
 *
 * Configuration is the service's (KAFKA_BROKERS, MONGO_URL, ...). The target database defaults to
 * `<live database>_rebuild_<epoch ms>` and is dropped afterwards unless --keep is given. Prints a
 * JSON report; exit code 0 when both projections are equal, 2 when they differ, 1 on failure.
 * Run it while the live service is caught up, or rows published meanwhile show as extraInLive.
 */
import 'reflect-metadata';
import { loadConfig } from '@sightline/config';
import { createKafkaClient } from '@sightline/messaging';
import { createLogger } from '@sightline/observability';
import { MongoConnection } from '@sightline/persistence';
import { Clock } from '@sightline/service-kit';
import { RebuildSightingsUseCase } from './sightings/rebuild-sightings.usecase';
import { SightingRepository } from './sightings/sighting.repository';
import { SightingsLogReader } from './sightings/sightings-log.reader';

const LISTED = 20;

async function main(argv: readonly string[]): Promise<number> {
  const config = loadConfig({ SERVICE_NAME: 'policy-rebuild' });
  const logger = createLogger({ service: config.service.name, level: config.log.level });
  const keep = argv.includes('--keep');
  const named = argv.indexOf('--target-database');
  const live = await MongoConnection.open({ url: config.mongo.url }, logger);
  const targetDatabase =
    named >= 0 && argv[named + 1]
      ? argv[named + 1]
      : `${live.connection.name}_rebuild_${Date.now()}`;
  const targetUrl = new URL(config.mongo.url);
  targetUrl.pathname = `/${targetDatabase}`;
  const target = await MongoConnection.open({ url: targetUrl.toString() }, logger);
  try {
    const targetSightings = new SightingRepository(target);
    if ((await targetSightings.count()) > 0) {
      throw new Error(
        `target database ${targetDatabase} already holds sightings; pick an empty one`,
      );
    }
    const useCase = new RebuildSightingsUseCase(
      new SightingsLogReader(createKafkaClient(config.kafka, logger)),
      new Clock(),
    );
    const report = await useCase.execute({
      live: new SightingRepository(live),
      target: targetSightings,
      groupPrefix: config.kafka.groupId,
    });
    const { diff } = report;
    process.stdout.write(
      `${JSON.stringify(
        {
          ...report,
          targetDatabase,
          diff: {
            ...diff,
            missingFromLive: diff.missingFromLive.slice(0, LISTED),
            extraInLive: diff.extraInLive.slice(0, LISTED),
            different: diff.different.slice(0, LISTED),
            counts: {
              missingFromLive: diff.missingFromLive.length,
              extraInLive: diff.extraInLive.length,
              different: diff.different.length,
            },
          },
        },
        null,
        2,
      )}\n`,
    );
    return diff.equal ? 0 : 2;
  } finally {
    if (!keep) await target.connection.dropDatabase();
    await Promise.all([target.close(), live.close()]);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
