import { TOPICS } from '@sightline/contracts';
import { runService } from '@sightline/service-kit';
import { RestoreGalleryUseCase } from './gallery/restore-gallery.usecase';
import { MatchModule } from './match.module';

runService({
  name: 'match',
  module: MatchModule,
  subscribes: [TOPICS.facesEmbedded],
  replays: [TOPICS.galleries],
  replayFrom: (app) => (ends) => app.get(RestoreGalleryUseCase).execute(ends),
  publishes: [TOPICS.sightings, TOPICS.galleries, TOPICS.evidence],
  usesMongo: true,
  grpcServices: [{ package: 'sightline.gallery.v1', file: 'gallery' }],
  defaults: { HTTP_PORT: '8084', GRPC_PORT: '50064' },
});
