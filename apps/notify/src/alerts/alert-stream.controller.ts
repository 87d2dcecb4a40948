import { Controller, Inject } from '@nestjs/common';
import { status } from '@grpc/grpc-js';
import type { ServerWritableStream } from '@grpc/grpc-js';
import { GrpcMethod, RpcException } from '@nestjs/microservices';
import { alertsV1 } from '@sightline/proto';
import { catchError, map, throwError, type Observable } from 'rxjs';
import { AlertBroadcaster, SubscriberTooSlowError, type AlertSink } from './alert-broadcaster';
import { toWireAlert, type WireAlert } from './wire-alert';

/** sightline.alerts.v1.AlertService: live alerts for consoles and partners. */
@Controller()
export class AlertStreamController {
  constructor(@Inject(AlertBroadcaster) private readonly broadcaster: AlertBroadcaster) {}

  @GrpcMethod('AlertService', 'StreamAlerts')
  streamAlerts(
    request: alertsV1.StreamAlertsRequest,
    _metadata: unknown,
    call: ServerWritableStream<alertsV1.StreamAlertsRequest, { alert: WireAlert }>,
  ): Observable<{ alert: WireAlert }> {
    const filter = {
      watchlistId: request.watchlistId || undefined,
      cameraId: request.cameraId || undefined,
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
