import {
  faceDetected,
  trackClosed,
  type EventEnvelope,
  type PayloadOf,
} from '@sightline/contracts';

/** The two event types of faces.detected.v1, as the handler receives them. */
export { faceDetected, trackClosed };

export type FaceDetectedEvent = EventEnvelope<
  typeof faceDetected.type,
  PayloadOf<typeof faceDetected>
>;
export type TrackClosedEvent = EventEnvelope<
  typeof trackClosed.type,
  PayloadOf<typeof trackClosed>
>;
