import { TOPICS } from '@sightline/contracts';
import { runService } from '@sightline/service-kit';
import { PolicyModule } from './policy.module';

runService({
  name: 'policy',
  module: PolicyModule,
  // audit.v1: every service's audit events, sealed here into the hash chain in topic order.
  subscribes: [TOPICS.sightings, TOPICS.evidence, TOPICS.audit],
  // Review modes and enrolment photo references for alerts; no templates are kept.
  replays: [TOPICS.galleries],
  publishes: [TOPICS.alerts, TOPICS.audit],
  usesMongo: true,
  grpcServices: [{ package: 'sightline.sightings.v1', file: 'sightings' }],
  defaults: { HTTP_PORT: '8085', GRPC_PORT: '50065' },
});
