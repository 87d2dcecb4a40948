import { TOPICS } from '@sightline/contracts';
import { runService } from '@sightline/service-kit';
import { DetectModule } from './detect.module';

runService({
  name: 'detect',
  module: DetectModule,
  subscribes: [TOPICS.frames],
  publishes: [TOPICS.facesDetected],
  usesMongo: true,
  defaults: { HTTP_PORT: '8082', GRPC_PORT: '50062' },
});
