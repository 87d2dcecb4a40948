import { Controller, Inject } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { RequiresAccess } from '@sightline/service-kit';
import { QuerySightingsUseCase } from './query-sightings.usecase';
import {
  querySightingsCommandFromWire,
  sightingToWire,
  type WireQuerySightingsRequest,
  type WireQuerySightingsResponse,
} from './sighting-wire';

/** sightline.sightings.v1.SightingService/QuerySightings. ListAlerts lives with the alerts. */
@Controller()
export class SightingQueryController {
  constructor(
    @Inject(QuerySightingsUseCase) private readonly querySightings: QuerySightingsUseCase,
  ) {}

  @GrpcMethod('SightingService', 'QuerySightings')
  // A search of who was seen where: audited with its camera by the access guard.
  @RequiresAccess('sightings.query', (request) => ({
    cameraId: (request as WireQuerySightingsRequest).cameraId,
  }))
  async query(request: WireQuerySightingsRequest): Promise<WireQuerySightingsResponse> {
    const page = await this.querySightings.execute(querySightingsCommandFromWire(request));
    return { sightings: page.sightings.map(sightingToWire), nextPageToken: page.nextPageToken };
  }
}
