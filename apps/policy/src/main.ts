import { TOPICS } from '@sightline/contracts';
import { runService } from '@sightline/service-kit';
import { PolicyModule } from './policy.module';

runService({
  name: 'policy',
  module: PolicyModule,
  subscribes: [TOPICS.sightings],
  publishes: [TOPICS.alerts, TOPICS.audit],
  usesMongo: true,
  defaults: { HTTP_PORT: '8085', GRPC_PORT: '50065' },
});
