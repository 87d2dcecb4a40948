import type { SightlineConfig } from '@sightline/config';
import { frameCaptured, newEnvelope, type EventEnvelope } from '@sightline/contracts';
import type { EventPublisher } from '@sightline/messaging';
import { ServiceMetrics } from '@sightline/observability';
import type { Clock } from '@sightline/service-kit';
import {
  VisionError,
  VisionErrorCode,
  type DetectedFace,
  type FaceLandmarks,
  type FaceQuality,
  type QualityRejection,
  type RgbImage,
} from '@sightline/vision';
import { CameraLanes } from './camera-lanes';
import { CameraTrackers } from './camera-trackers';
import { CloseIdleTracksUseCase } from './close-idle-tracks.usecase';
import { DetectMetrics } from './detect-metrics';
import { FaceVision } from './face-vision';
import { ProcessFrameUseCase } from './process-frame.usecase';
import type { FrameCapturedEnvelope } from './track-events';
import { TrackerCheckpoints } from './tracker-checkpoints';
import type { CameraTrackerState } from './tracker-state';

/** A face the fake camera shows: where, and the quality the fake assessment gives it. */
export interface ScriptedFace {
  readonly x: number;
  readonly y: number;
  readonly quality?: number;
  readonly rejections?: QualityRejection[];
  /** Side of its square box; 80 unless said. */
  readonly size?: number;
}

/**
 * The "image" is JSON listing the faces, so a test states what detect sees; `corrupt` does not
 * decode, exactly like bad JPEG bytes do for the real decoder.
 */
export class ScriptedVision extends FaceVision {
  readonly calls: string[] = [];
  private readonly scripts = new WeakMap<RgbImage, ScriptedFace[]>();

  async decode(bytes: Uint8Array): Promise<RgbImage> {
    this.calls.push('decode');
    const text = Buffer.from(bytes).toString('utf8');
    if (!text.startsWith('[')) throw new VisionError(VisionErrorCode.CORRUPT_IMAGE, 'not an image');
    const image: RgbImage = { width: 640, height: 480, data: new Uint8Array(3) };
    this.scripts.set(image, JSON.parse(text) as ScriptedFace[]);
    return image;
  }

  async detect(image: RgbImage): Promise<DetectedFace[]> {
    this.calls.push('detect');
    return (this.scripts.get(image) ?? []).map((face) => ({
      box: { x: face.x, y: face.y, width: face.size ?? 80, height: face.size ?? 80 },
      score: 0.9,
    }));
  }

  async landmarks(_image: RgbImage, face: DetectedFace): Promise<FaceLandmarks> {
    this.calls.push('landmarks');
    const { x, y } = face.box;
    return {
      rightEye: { x: x + 25, y: y + 30 },
      leftEye: { x: x + 55, y: y + 30 },
      noseTip: { x: x + 40, y: y + 45 },
      mouthCentre: { x: x + 40, y: y + 60 },
      rightEar: { x, y: y + 35 },
      leftEar: { x: x + 80, y: y + 35 },
      confidence: 0.95,
    };
  }

  align(image: RgbImage, landmarks: FaceLandmarks): RgbImage {
    this.calls.push('align');
    const scripted = (this.scripts.get(image) ?? []).find(
      (face) => face.x + 25 === landmarks.rightEye.x && face.y + 30 === landmarks.rightEye.y,
    );
    const chip: RgbImage = { width: 1, height: 1, data: new Uint8Array(3) };
    if (scripted) this.scripts.set(chip, [scripted]);
    return chip;
  }

  quality(face: DetectedFace, _landmarks: FaceLandmarks, chip: RgbImage): FaceQuality {
    this.calls.push('quality');
    const [scripted] = this.scripts.get(chip) ?? [];
    return {
      score: scripted?.quality ?? 0.6,
      pose: { yaw: 0, pitch: 0, rollDegrees: 0, eyeDistance: 30 },
      sharpness: 100,
      detectorScore: face.score,
      landmarkConfidence: 0.95,
      rejections: scripted?.rejections ?? [],
    };
  }

  async encodeChip(): Promise<string> {
    this.calls.push('encodeChip');
    return 'Y2hpcA==';
  }
}

export class RecordingPublisher {
  readonly published: EventEnvelope[] = [];
  readonly log: string[];
  failures = 0;

  constructor(log: string[]) {
    this.log = log;
  }

  async publish(_topic: unknown, envelopes: readonly EventEnvelope[]): Promise<void> {
    // Like EventPublisher: nothing to send is no call to the broker.
    if (envelopes.length === 0) return;
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('broker unavailable');
    }
    this.log.push(`publish:${envelopes.length}`);
    this.published.push(...envelopes);
  }
}

/** Stores JSON copies, as Mongo would: nothing shares references with the live state. */
export class InMemoryCheckpoints extends TrackerCheckpoints {
  readonly rows = new Map<string, string>();

  constructor(private readonly log: string[] = []) {
    super();
  }

  async load(cameraId: string): Promise<CameraTrackerState | null> {
    const row = this.rows.get(cameraId);
    return row ? (JSON.parse(row) as CameraTrackerState) : null;
  }

  async save(state: CameraTrackerState): Promise<void> {
    this.log.push(`checkpoint:${state.lastFrameId ?? ''}:${state.tracks.length}`);
    this.rows.set(state.cameraId, JSON.stringify(state));
  }

  async withOpenTracks(): Promise<CameraTrackerState[]> {
    return [...this.rows.values()]
      .map((row) => JSON.parse(row) as CameraTrackerState)
      .filter((state) => state.tracks.length > 0);
  }

  get(cameraId: string): CameraTrackerState | undefined {
    const row = this.rows.get(cameraId);
    return row ? (JSON.parse(row) as CameraTrackerState) : undefined;
  }
}

export class ManualClock {
  constructor(public ms = Date.parse('2026-01-01T10:00:00Z')) {}
  now(): Date {
    return new Date(this.ms);
  }
}

export const TRACKING = {
  iouThreshold: 0.3,
  maxMissedFrames: 2,
  maxIdleMs: 3_000,
  maxFacesSent: 3,
  analysisIntervalMs: 0,
  maxFrameAgeMs: 60_000,
};

/** One detect process: the same checkpoints, publisher and clock may be shared by a "restart". */
export function detectProcess(shared: {
  checkpoints: InMemoryCheckpoints;
  publisher: RecordingPublisher;
  clock: ManualClock;
}): {
  processFrame: ProcessFrameUseCase;
  closeIdle: CloseIdleTracksUseCase;
  vision: ScriptedVision;
  trackers: CameraTrackers;
  metrics: DetectMetrics;
} {
  const config = { tracking: TRACKING } as unknown as SightlineConfig;
  const vision = new ScriptedVision();
  const lanes = new CameraLanes();
  const trackers = new CameraTrackers(shared.checkpoints);
  const metrics = new DetectMetrics(new ServiceMetrics('detect-test'), trackers);
  const publisher = shared.publisher as unknown as EventPublisher;
  const clock = shared.clock as unknown as Clock;
  return {
    processFrame: new ProcessFrameUseCase(
      config,
      vision,
      lanes,
      trackers,
      shared.checkpoints,
      publisher,
      metrics,
      clock,
    ),
    closeIdle: new CloseIdleTracksUseCase(
      config,
      lanes,
      trackers,
      shared.checkpoints,
      publisher,
      metrics,
      clock,
    ),
    vision,
    trackers,
    metrics,
  };
}

const T0 = Date.parse('2026-01-01T10:00:00.000Z');

export function frameEvent(
  cameraId: string,
  sequence: number,
  faces: ScriptedFace[] | 'corrupt',
  options: { sensitive?: boolean } = {},
): FrameCapturedEnvelope {
  const image = faces === 'corrupt' ? 'corrupt' : JSON.stringify(faces);
  return newEnvelope(
    frameCaptured,
    {
      cameraId,
      frameId: `F${String(sequence).padStart(4, '0')}`,
      capturedAt: new Date(T0 + sequence * 200).toISOString(),
      sequence,
      width: 640,
      height: 480,
      encoding: 'jpeg',
      image: Buffer.from(image).toString('base64'),
      zone: 'north',
      sensitive: options.sensitive ?? false,
      source: 'file',
    },
    { source: 'test', cameraId },
  );
}
