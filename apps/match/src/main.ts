import { TOPICS } from '@sightline/contracts';
import { runService } from '@sightline/service-kit';
import { MatchModule } from './match.module';

runService({
  name: 'match',
  module: MatchModule,
  subscribes: [],
  replays: [TOPICS.galleries],
  publishes: [TOPICS.sightings, TOPICS.galleries],
  usesMongo: true,
  defaults: { HTTP_PORT: '8084', GRPC_PORT: '50064' },
});
