import { Controller, Inject } from '@nestjs/common';
import { status } from '@grpc/grpc-js';
import type { Metadata, ServerWritableStream } from '@grpc/grpc-js';
import { GrpcMethod, RpcException } from '@nestjs/microservices';
import { visibleCameras } from '@sightline/governance';
import { alertsV1 } from '@sightline/proto';
import { principalOf, RequiresAccess } from '@sightline/service-kit';
import { catchError, map, throwError, type Observable } from 'rxjs';
import { AlertBroadcaster, SubscriberTooSlowError, type AlertSink } from './alert-broadcaster';
import { toWireAlert, type WireAlert } from './wire-alert';

/** sightline.alerts.v1.AlertService: live alerts for consoles and partners. */
@Controller()
export class AlertStreamController {
  constructor(@Inject(AlertBroadcaster) private readonly broadcaster: AlertBroadcaster) {}

  /**
   * A reviewer sees every alert; a partner only confirmed alerts of its own cameras, and a
   * partner naming another partner's camera is refused by the guard.
   */
  @GrpcMethod('AlertService', 'StreamAlerts')
  @RequiresAccess('alerts.stream', (request) => ({
    cameraId: (request as alertsV1.StreamAlertsRequest).cameraId,
    narrowedToOwnCameras: true,
  }))
  streamAlerts(
    request: alertsV1.StreamAlertsRequest,
    metadata: Metadata,
    call: ServerWritableStream<alertsV1.StreamAlertsRequest, { alert: WireAlert }>,
  ): Observable<{ alert: WireAlert }> {
    const principal = principalOf(metadata);
    const cameras = visibleCameras(principal);
    const filter = {
      watchlistId: request.watchlistId || undefined,
      cameraId: request.cameraId || undefined,
      ...(cameras === 'all' ? {} : { onlyCameras: cameras }),
      confirmedOnly: principal.role === 'partner',
    };
    return this.broadcaster.subscribe(filter, sinkOf(call)).pipe(
      map((alert) => ({ alert: toWireAlert(alert) })),
      catchError((error: unknown) =>
        throwError(() =>
          error instanceof SubscriberTooSlowError
            ? new RpcException({ code: status.RESOURCE_EXHAUSTED, message: error.message })
            : error,
        ),
      ),
    );
  }
}

/**
 * The call is a Node Writable: `writableNeedDrain` is true from the write that filled its buffer
 * until 'drain', exactly when Nest would start queueing without bound.
 */
function sinkOf(call: ServerWritableStream<unknown, unknown>): AlertSink {
  return {
    isWritable: () => !call.writableNeedDrain,
    onDrain(listener) {
      call.on('drain', listener);
      return () => call.off('drain', listener);
    },
  };
}
