import { TOPICS } from '@sightline/contracts';
import { runService } from '@sightline/service-kit';
import { EmbedModule } from './embed.module';

runService({
  name: 'embed',
  module: EmbedModule,
  subscribes: [TOPICS.facesDetected],
  publishes: [TOPICS.facesEmbedded],
  usesMongo: false,
  defaults: { HTTP_PORT: '8083', GRPC_PORT: '50063' },
});
