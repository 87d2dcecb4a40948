import { ServiceMetrics } from '@sightline/observability';
import { AlertBroadcaster, SubscriberTooSlowError, type AlertSink } from './alert-broadcaster';
import { raisedAlertEvent } from './alert.fixture';
import type { RaisedAlert } from './alert-event';
import { NotifyMetrics } from './notify-metrics';

/** A sink whose writability the test controls, like a gRPC call whose client stopped reading. */
function controllableSink() {
  let writable = true;
  const listeners = new Set<() => void>();
  const sink: AlertSink = {
    isWritable: () => writable,
    onDrain(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    sink,
    listeners,
    block: () => (writable = false),
    drain: () => {
      writable = true;
      for (const listener of listeners) listener();
    },
  };
}

const alert = (n: number, overrides: Partial<RaisedAlert> = {}): RaisedAlert =>
  raisedAlertEvent({ alertId: `alert-${n}`, ...overrides }).payload;

async function gauge(metrics: NotifyMetrics): Promise<number> {
  return (await metrics.streamSubscribers.get()).values[0]?.value ?? 0;
}

describe('AlertBroadcaster', () => {
  it('sends alerts raised after subscribing, filtered by watchlist and camera', () => {
    const broadcaster = new AlertBroadcaster(new NotifyMetrics(new ServiceMetrics('t')));
    broadcaster.publish(alert(0));
    const received: string[] = [];
    const subscription = broadcaster
      .subscribe({ watchlistId: 'wl-1', cameraId: 'cam-1' }, controllableSink().sink)
      .subscribe((next) => received.push(next.alertId));
    broadcaster.publish(alert(1));
    broadcaster.publish(alert(2, { watchlistId: 'wl-2' }));
    broadcaster.publish(alert(3, { cameraId: 'cam-2' }));
    broadcaster.publish(alert(4));
    subscription.unsubscribe();
    broadcaster.publish(alert(5));
    expect(received).toEqual(['alert-1', 'alert-4']);
  });

  it('gives a partner only confirmed alerts of its own cameras', () => {
    const broadcaster = new AlertBroadcaster(new NotifyMetrics(new ServiceMetrics('t')));
    const received: string[] = [];
    broadcaster
      .subscribe({ onlyCameras: ['cam-1'], confirmedOnly: true }, controllableSink().sink)
      .subscribe((next) => received.push(next.alertId));
    broadcaster.publish(alert(1, { cameraId: 'cam-1', status: 'confirmed' }));
    broadcaster.publish(alert(2, { cameraId: 'cam-1', status: 'pending_review' }));
    broadcaster.publish(alert(3, { cameraId: 'cam-2', status: 'confirmed' }));
    expect(received).toEqual(['alert-1']);
  });

  it('holds alerts while the client is not reading and sends them in order on drain', () => {
    const broadcaster = new AlertBroadcaster(new NotifyMetrics(new ServiceMetrics('t')));
    const outlet = controllableSink();
    const received: string[] = [];
    broadcaster.subscribe({}, outlet.sink, 3).subscribe((next) => received.push(next.alertId));
    outlet.block();
    broadcaster.publish(alert(1));
    broadcaster.publish(alert(2));
    expect(received).toEqual([]);
    outlet.drain();
    broadcaster.publish(alert(3));
    expect(received).toEqual(['alert-1', 'alert-2', 'alert-3']);
  });

  it('ends a subscriber that falls more than the limit behind, counts it, and forgets it', async () => {
    const metrics = new NotifyMetrics(new ServiceMetrics('t'));
    const broadcaster = new AlertBroadcaster(metrics);
    const outlet = controllableSink();
    const received: string[] = [];
    let failure: unknown;
    broadcaster.subscribe({}, outlet.sink, 1_000).subscribe({
      next: (next) => received.push(next.alertId),
      error: (error: unknown) => (failure = error),
    });
    expect(await gauge(metrics)).toBe(1);
    outlet.block();
    for (let n = 1; n <= 1_000; n += 1) broadcaster.publish(alert(n));
    expect(failure).toBeUndefined();
    broadcaster.publish(alert(1_001));
    expect(failure).toBeInstanceOf(SubscriberTooSlowError);
    expect(received).toEqual([]);
    expect((await metrics.streamOverflows.get()).values[0]?.value).toBe(1);
    expect(await gauge(metrics)).toBe(0);
    expect(outlet.listeners.size).toBe(0);
  });

  it('keeps a fast subscriber going while a slow one is cut off', () => {
    const broadcaster = new AlertBroadcaster(new NotifyMetrics(new ServiceMetrics('t')));
    const slow = controllableSink();
    const fast: string[] = [];
    broadcaster.subscribe({}, slow.sink, 2).subscribe({ error: () => undefined });
    broadcaster
      .subscribe({}, controllableSink().sink, 2)
      .subscribe((next) => fast.push(next.alertId));
    slow.block();
    for (let n = 1; n <= 5; n += 1) broadcaster.publish(alert(n));
    expect(fast).toHaveLength(5);
  });
});
