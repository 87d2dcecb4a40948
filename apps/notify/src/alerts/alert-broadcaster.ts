import { Inject, Injectable } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import type { RaisedAlert } from './alert-event';
import { NotifyMetrics } from './notify-metrics';

/** Alerts a subscriber holds in memory while its client is not reading, before it is cut off. */
export const STREAM_BUFFER_LIMIT = 1_000;

export interface AlertFilter {
  readonly watchlistId?: string;
  readonly cameraId?: string;
  /** The subscriber's scope (a partner's own cameras); absent means every camera. */
  readonly onlyCameras?: readonly string[];
  /** Only human-confirmed alerts: a subscriber that acts on alerts never sees a pending one. */
  readonly confirmedOnly?: boolean;
}

/**
 * The subscriber's outlet (a gRPC call): whether it accepts a message now without buffering, and
 * a way to hear when it does again. Emitting only while it is writable keeps the transport's own
 * queue empty, so the bounded queue here is the only one that grows.
 */
export interface AlertSink {
  isWritable(): boolean;
  /** Returns the function that stops listening. */
  onDrain(listener: () => void): () => void;
}

/** The subscriber fell more than the buffer limit behind and was disconnected. */
export class SubscriberTooSlowError extends Error {
  constructor(readonly limit: number) {
    super(`the client fell more than ${limit} alerts behind; reconnect to continue`);
    this.name = 'SubscriberTooSlowError';
  }
}

/** Fans alerts out in-process to live stream subscribers; nothing is kept for the absent. */
@Injectable()
export class AlertBroadcaster {
  private readonly raised = new Subject<RaisedAlert>();

  constructor(@Inject(NotifyMetrics) private readonly metrics: NotifyMetrics) {}

  publish(alert: RaisedAlert): void {
    this.raised.next(alert);
  }

  /** Alerts raised from now on that pass the filter, in order, until unsubscribed or too slow. */
  subscribe(
    filter: AlertFilter,
    sink: AlertSink,
    limit = STREAM_BUFFER_LIMIT,
  ): Observable<RaisedAlert> {
    return new Observable<RaisedAlert>((subscriber) => {
      const waiting: RaisedAlert[] = [];
      const flush = (): void => {
        while (waiting.length > 0 && sink.isWritable()) {
          const next = waiting.shift();
          if (next) subscriber.next(next);
        }
      };
      const stopListening = sink.onDrain(flush);
      this.metrics.streamSubscribers.inc();
      const upstream = this.raised.subscribe((alert) => {
        if (!matches(filter, alert)) return;
        if (waiting.length === 0 && sink.isWritable()) {
          subscriber.next(alert);
        } else if (waiting.length >= limit) {
          this.metrics.streamOverflows.inc();
          waiting.length = 0;
          subscriber.error(new SubscriberTooSlowError(limit));
        } else {
          waiting.push(alert);
        }
      });
      return () => {
        upstream.unsubscribe();
        stopListening();
        waiting.length = 0;
        this.metrics.streamSubscribers.dec();
      };
    });
  }
}

function matches(filter: AlertFilter, alert: RaisedAlert): boolean {
  return (
    (!filter.watchlistId || filter.watchlistId === alert.watchlistId) &&
    (!filter.cameraId || filter.cameraId === alert.cameraId) &&
    (!filter.onlyCameras || filter.onlyCameras.includes(alert.cameraId)) &&
    (!filter.confirmedOnly || alert.status === 'confirmed')
  );
}
