import { Inject, Injectable } from '@nestjs/common';
import { SIGHTLINE_CONFIG, type SightlineConfig } from '@sightline/config';
import { DomainError, ErrorCode, TOPICS, type EventEnvelope } from '@sightline/contracts';
import { EventPublisher } from '@sightline/messaging';
import { Clock } from '@sightline/service-kit';
import {
  isVisionError,
  type DetectedFace,
  type FaceLandmarks,
  type FaceQuality,
  type RgbImage,
} from '@sightline/vision';
import { CameraLanes } from './camera-lanes';
import { CameraTrackers } from './camera-trackers';
import { DetectMetrics } from './detect-metrics';
import { trackerSettings } from './detect-tuning';
import { analysisSkipReason, type AnalysisSkipReason } from './face-analysis-gate';
import type { FaceCandidate } from './face-candidate';
import { FaceVision } from './face-vision';
import { FramesAhead } from './frames-ahead';
import {
  faceDetectedEnvelope,
  faceOriginOf,
  trackClosedEnvelope,
  type FrameCapturedEnvelope,
  type SentFace,
} from './track-events';
import {
  decisionLabel,
  isAlreadyTracked,
  matchTracks,
  trackFrame,
  type TrackerDetection,
  type TrackerSettings,
} from './track-frame';
import { TrackerCheckpoints } from './tracker-checkpoints';

export type FrameResult = 'processed' | 'redelivered' | 'stale';

/** A frame's stateless work: the same whenever and wherever it runs. */
interface DetectedFrame {
  readonly image: RgbImage;
  readonly detections: readonly DetectedFace[];
}

/** The error of a frame whose image does not decode (counted as a rejected frame). */
class FrameRejected extends DomainError {}

/**
 * Frames prepared ahead and not yet taken. One per camera partition would do (the lookahead
 * shows one frame ahead); the slack covers frames whose turn never comes here.
 */
const FRAMES_AHEAD = 4;

interface AnalysedDetection {
  readonly detection: DetectedFace;
  readonly landmarks: FaceLandmarks;
  readonly chip: RgbImage;
  readonly quality: FaceQuality;
}

/**
 * One frame through detect: decode, detect, (landmarks, align, quality unless the camera is
 * sensitive), track, publish the track's best faces and closed tracks, checkpoint the tracker.
 * Everything after detect runs in the camera's lane and finishes before the handler returns, so
 * Kafka commits the frame only once its events and checkpoint are durable. Decode and detect
 * depend on the frame alone, so prepare() may run them while the previous frame is in the lane.
 */
@Injectable()
export class ProcessFrameUseCase {
  private readonly settings: TrackerSettings;
  private readonly maxFrameAgeMs: number;
  private readonly ahead = new FramesAhead<DetectedFrame>(FRAMES_AHEAD);

  constructor(
    @Inject(SIGHTLINE_CONFIG) config: SightlineConfig,
    @Inject(FaceVision) private readonly vision: FaceVision,
    @Inject(CameraLanes) private readonly lanes: CameraLanes,
    @Inject(CameraTrackers) private readonly trackers: CameraTrackers,
    @Inject(TrackerCheckpoints) private readonly checkpoints: TrackerCheckpoints,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(DetectMetrics) private readonly metrics: DetectMetrics,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    this.settings = trackerSettings(config.tracking);
    this.maxFrameAgeMs = config.tracking.maxFrameAgeMs;
  }

  execute(frame: FrameCapturedEnvelope): Promise<FrameResult> {
    return this.lanes.run(frame.payload.cameraId, () => this.process(frame));
  }

  /**
   * Starts decode and detect of a frame ahead of its turn (outside the lane, so on the other
   * core while the frame before it finishes); execute() takes the result over. Skipped for a frame
   * its turn will not analyse: stale, or already applied to the camera's state in memory (both
   * stay so once they are). Settles when that work does and never fails (the frame's turn reports
   * its errors): the consumer waits for it at shutdown, before the models are released.
   */
  async prepare(frame: FrameCapturedEnvelope): Promise<void> {
    const { payload } = frame;
    if (this.isStale(frame)) return;
    const known = this.trackers.stateOf(payload.cameraId)?.state;
    if (known && isAlreadyTracked(known, payload)) return;
    const work = this.decodeAndDetect(frame);
    this.ahead.put(frame.id, work);
    await work.then(
      () => undefined,
      () => undefined,
    );
  }

  private isStale(frame: FrameCapturedEnvelope): boolean {
    return this.clock.now().getTime() - Date.parse(frame.payload.capturedAt) > this.maxFrameAgeMs;
  }

  private async process(frame: FrameCapturedEnvelope): Promise<FrameResult> {
    const { payload } = frame;
    const prepared = this.ahead.take(frame.id);
    // A backlog (detect was down, or fell behind) is not replayed as if it were live: alerts on
    // minutes-old frames would mislead, and catching up would starve the cameras that are live.
    if (this.isStale(frame)) {
      this.metrics.frames.inc({ outcome: 'stale' });
      return 'stale';
    }
    const state = await this.trackers.current(payload.cameraId, payload.zone);
    // Empty after a restart: a restored tentative track has lost its held face.
    const held = this.trackers.heldOf(payload.cameraId);
    if (isAlreadyTracked(state, payload)) {
      this.trackers.touch(state, this.clock.now().getTime());
      this.metrics.frames.inc({ outcome: 'redelivered' });
      return 'redelivered';
    }
    const { image, detections } = await this.detected(frame, prepared);
    const tracks = matchTracks(
      state,
      detections.map((detection) => detection.box),
      this.settings,
    );
    const skipped = detections.map((detection, index) =>
      analysisSkipReason(tracks[index], detection.box, payload.capturedAt, this.settings),
    );
    // A sensitive camera never identifies anyone: no landmarks, no chip, only a count.
    const analysed = payload.sensitive ? undefined : await this.analyse(image, detections, skipped);
    const origin = faceOriginOf(frame);
    const candidates = analysed?.map(
      (face, index): FaceCandidate | undefined =>
        face && {
          origin,
          detectionIndex: index,
          detection: face.detection,
          landmarks: face.landmarks,
          quality: face.quality.score,
          chip: face.chip,
        },
    );
    const tracking = trackFrame(
      state,
      payload,
      detections.map((detection, index): TrackerDetection<FaceCandidate> => {
        const face = analysed?.[index];
        const reason = skipped[index];
        if (face && candidates) {
          return { box: detection.box, quality: face.quality, face: candidates[index] };
        }
        return { box: detection.box, ...(analysed && reason ? { skipped: reason } : {}) };
      }),
      this.settings,
      held,
    );

    // Faces held while their track was tentative come first: they were seen earlier.
    const sent: SentFace[] = [];
    for (const release of tracking.released)
      sent.push(await this.encode(release.trackId, release.face));
    for (const [index, decision] of tracking.decisions.entries()) {
      const candidate = candidates?.[index];
      if (decision.outcome !== 'sent' || !candidate) continue;
      sent.push(await this.encode(decision.trackId, candidate));
    }
    const events: EventEnvelope[] = [
      ...sent.map((face) => faceDetectedEnvelope(face)),
      ...tracking.closed.map((track) =>
        trackClosedEnvelope(payload.cameraId, payload.zone, track, frame.correlationId),
      ),
    ];
    await this.metrics.time('publish', () => this.publisher.publish(TOPICS.facesDetected, events));
    await this.metrics.time('checkpoint', () => this.checkpoints.save(tracking.state));
    this.trackers.commit(tracking.state, this.clock.now().getTime(), tracking.held);

    this.metrics.frames.inc({ outcome: 'processed' });
    for (const decision of tracking.decisions)
      this.metrics.faces.inc({ outcome: decisionLabel(decision) });
    for (const track of tracking.closed) this.metrics.closed(track.identification);
    this.metrics.discarded('missed', tracking.discarded.length);
    return 'processed';
  }

  private async encode(trackId: string, face: FaceCandidate): Promise<SentFace> {
    const chip = await this.metrics.time('encode', () => this.vision.encodeChip(face.chip));
    return { ...face, trackId, chip };
  }

  /** The frame's decode and detect: the work prepare() started, or done now. */
  private async detected(
    frame: FrameCapturedEnvelope,
    prepared: Promise<DetectedFrame> | undefined,
  ): Promise<DetectedFrame> {
    try {
      return await (prepared ?? this.decodeAndDetect(frame));
    } catch (error) {
      // Counted here, in the frame's turn, and not where prepare() met it.
      if (error instanceof FrameRejected) this.metrics.frames.inc({ outcome: 'rejected' });
      throw error;
    }
  }

  private async decodeAndDetect(frame: FrameCapturedEnvelope): Promise<DetectedFrame> {
    const image = await this.metrics.time('decode', () => this.decode(frame));
    const detections = (await this.metrics.time('detect', () => this.vision.detect(image))).filter(
      (face) => face.box.width > 0 && face.box.height > 0,
    );
    return { image, detections };
  }

  private async decode(frame: FrameCapturedEnvelope): Promise<RgbImage> {
    const { cameraId, frameId, encoding } = frame.payload;
    try {
      return await this.vision.decode(Buffer.from(frame.payload.image, 'base64'));
    } catch (error) {
      if (!isVisionError(error)) throw error;
      // Bad bytes never get better: INVALID_ARGUMENT dead-letters the frame at once.
      throw new FrameRejected(
        ErrorCode.InvalidArgument,
        `frame ${frameId} of camera ${cameraId} does not decode as ${encoding}: ${error.message}`,
        { cameraId, frameId, visionCode: error.code },
        { cause: error },
      );
    }
  }

  /** Landmarks, chip and quality of each detection, in detection order; undefined where skipped. */
  private async analyse(
    image: RgbImage,
    detections: readonly DetectedFace[],
    skipped: readonly (AnalysisSkipReason | undefined)[],
  ): Promise<(AnalysedDetection | undefined)[]> {
    // One face after another: the session runs single-threaded anyway (ORT_THREADS).
    const located = await this.metrics.time('landmarks', async () => {
      const faces: ({ detection: DetectedFace; landmarks: FaceLandmarks } | undefined)[] = [];
      for (const [index, detection] of detections.entries()) {
        faces.push(
          skipped[index]
            ? undefined
            : { detection, landmarks: await this.vision.landmarks(image, detection) },
        );
      }
      return faces;
    });
    const aligned = await this.metrics.time('align', () =>
      Promise.resolve(
        located.map((face) => face && { ...face, chip: this.vision.align(image, face.landmarks) }),
      ),
    );
    return this.metrics.time('quality', () =>
      Promise.resolve(
        aligned.map(
          (face) =>
            face && {
              ...face,
              quality: this.vision.quality(face.detection, face.landmarks, face.chip),
            },
        ),
      ),
    );
  }
}
