import { Controller, Inject } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { RequiresAccess } from '@sightline/service-kit';
import {
  alertToWire,
  listAlertsCommandFromWire,
  type WireListAlertsRequest,
  type WireListAlertsResponse,
} from './alert-wire';
import { ListAlertsUseCase } from './list-alerts.usecase';

/** sightline.sightings.v1.SightingService/ListAlerts. */
@Controller()
export class AlertQueryController {
  constructor(@Inject(ListAlertsUseCase) private readonly listAlerts: ListAlertsUseCase) {}

  @GrpcMethod('SightingService', 'ListAlerts')
  @RequiresAccess('alerts.list')
  async list(request: WireListAlertsRequest): Promise<WireListAlertsResponse> {
    const page = await this.listAlerts.execute(listAlertsCommandFromWire(request));
    return { alerts: page.alerts.map(alertToWire), nextPageToken: page.nextPageToken };
  }
}
