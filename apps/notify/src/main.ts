import { TOPICS } from '@sightline/contracts';
import { runService } from '@sightline/service-kit';
import { NotifyModule } from './notify.module';

runService({
  name: 'notify',
  module: NotifyModule,
  subscribes: [],
  publishes: [TOPICS.deliveries],
  usesMongo: false,
  defaults: { HTTP_PORT: '8086', GRPC_PORT: '50066' },
});
