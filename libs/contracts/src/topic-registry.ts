import { alertEscalated, alertRaised, alertReviewed, deliveryAttempted } from './alert-events';
import { auditRecorded } from './audit-events';
import { evidenceCaptured, faceDetected, faceEmbedded, trackClosed } from './face-events';
import { frameCaptured } from './frame-events';
import {
  subjectEnrolled,
  subjectRemoved,
  templateAdded,
  templateRemoved,
  watchlistCreated,
  watchlistExpired,
} from './gallery-events';
import { sightingRecorded } from './sighting-events';
import { defineTopic, RETAIN_FOREVER, type TopicDefinition } from './topic-definition';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Every topic of the mesh. Services create missing topics from this table at start-up, the Helm
 * chart's KafkaTopic resources are generated from it, and a consumer may only subscribe to names
 * found here.
 */
export const TOPICS = {
  frames: defineTopic({
    name: 'frames.v1',
    description: 'Sampled camera frames. Raw images of everyone in view, so kept minutes only.',
    key: 'cameraId',
    partitions: 6,
    retentionMs: 15 * MINUTE,
    carriesBiometrics: true,
    events: [frameCaptured],
  }),
  facesDetected: defineTopic({
    name: 'faces.detected.v1',
    description:
      "Each track's best faces with landmarks, quality and the aligned chip, then its closing summary.",
    key: 'cameraId',
    partitions: 6,
    retentionMs: 15 * MINUTE,
    carriesBiometrics: true,
    events: [faceDetected, trackClosed],
  }),
  facesEmbedded: defineTopic({
    name: 'faces.embedded.v1',
    description: 'Face templates awaiting 1:N search. Biometric: minimal payload, short retention.',
    key: 'cameraId',
    partitions: 6,
    retentionMs: 15 * MINUTE,
    carriesBiometrics: true,
    events: [faceEmbedded, trackClosed],
  }),
  evidence: defineTopic({
    name: 'evidence.v1',
    description:
      'Crops of faces that matched, on their way to the evidence store. A non-match never gets here.',
    key: 'cameraId',
    partitions: 3,
    retentionMs: 60 * MINUTE,
    carriesBiometrics: true,
    events: [evidenceCaptured],
  }),
  galleries: defineTopic({
    name: 'galleries.v1',
    description: 'Event-sourced watchlists: the only source of truth for enrolment.',
    key: 'watchlistId',
    partitions: 3,
    retentionMs: RETAIN_FOREVER,
    carriesBiometrics: true,
    events: [
      watchlistCreated,
      subjectEnrolled,
      templateAdded,
      templateRemoved,
      subjectRemoved,
      watchlistExpired,
    ],
  }),
  sightings: defineTopic({
    name: 'sightings.v1',
    description:
      'The append-only log of every sighting, one per track. Never compacted or rewritten.',
    key: 'cameraId',
    partitions: 6,
    retentionMs: RETAIN_FOREVER,
    carriesBiometrics: false,
    events: [sightingRecorded],
  }),
  alerts: defineTopic({
    name: 'alerts.v1',
    description: 'Alerts and their review decisions.',
    key: 'alertId',
    partitions: 3,
    retentionMs: 30 * DAY,
    carriesBiometrics: false,
    events: [alertRaised, alertReviewed, alertEscalated],
  }),
  deliveries: defineTopic({
    name: 'deliveries.v1',
    description: 'Every attempt to deliver an alert to a channel.',
    key: 'alertId',
    partitions: 3,
    retentionMs: 7 * DAY,
    carriesBiometrics: false,
    events: [deliveryAttempted],
  }),
  audit: defineTopic({
    name: 'audit.v1',
    description:
      'Every search, review, enrolment and refusal. One partition keeps the hash chain in order.',
    key: 'auditStream',
    partitions: 1,
    retentionMs: RETAIN_FOREVER,
    carriesBiometrics: false,
    events: [auditRecorded],
  }),
} as const satisfies Record<string, TopicDefinition>;

export type TopicKey = keyof typeof TOPICS;
export type MeshTopic = (typeof TOPICS)[TopicKey];
export const ALL_TOPICS: readonly TopicDefinition[] = Object.values(TOPICS);
