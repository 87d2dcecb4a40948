import { TOPICS } from '@sightline/contracts';
import { runService } from '@sightline/service-kit';
import { IngestModule } from './ingest.module';

runService({
  name: 'ingest',
  module: IngestModule,
  subscribes: [],
  publishes: [TOPICS.frames],
  usesMongo: true,
  grpcServices: [{ package: 'sightline.ingest.v1', file: 'ingest' }],
  defaults: { HTTP_PORT: '8081', GRPC_PORT: '50061' },
});
