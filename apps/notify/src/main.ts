import { TOPICS } from '@sightline/contracts';
import { runService } from '@sightline/service-kit';
import { NotifyModule } from './notify.module';

runService({
  name: 'notify',
  module: NotifyModule,
  subscribes: [TOPICS.alerts],
  publishes: [TOPICS.deliveries],
  usesMongo: true,
  grpcServices: [{ package: 'sightline.alerts.v1', file: 'alerts' }],
  defaults: { HTTP_PORT: '8086', GRPC_PORT: '50066' },
});
