import { Inject, Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@sightline/observability';
import { Counter, Gauge, Histogram } from 'prom-client';
import { CameraTrackers } from './camera-trackers';
import type { TrackIdentification } from './track-frame';

export type FrameOutcome = 'processed' | 'redelivered' | 'rejected';
/** Why a tentative track was discarded: missed too many frames, or its camera went idle. */
export type DiscardReason = 'missed' | 'idle';
export type DetectStage =
  'decode' | 'detect' | 'landmarks' | 'align' | 'quality' | 'encode' | 'publish' | 'checkpoint';

/** What detect does with frames, faces and tracks, for the dashboards and the capacity alerts. */
@Injectable()
export class DetectMetrics {
  readonly frames: Counter<'outcome'>;
  /** sent | held | below_quality_<reason> | not_best | sensitive_camera | skipped_<reason> */
  readonly faces: Counter<'outcome'>;
  readonly stageSeconds: Histogram<'stage'>;
  readonly tracksClosed: Counter<'identification'>;
  readonly tracksDiscarded: Counter<'reason'>;

  constructor(
    @Inject(ServiceMetrics) metrics: ServiceMetrics,
    @Inject(CameraTrackers) trackers: CameraTrackers,
  ) {
    const registers = [metrics.registry];
    this.frames = new Counter({
      name: 'sightline_detect_frames_total',
      help: 'Frames handled, by outcome (rejected: the image did not decode).',
      labelNames: ['outcome'],
      registers,
    });
    this.faces = new Counter({
      name: 'sightline_detect_faces_total',
      help:
        'Detected faces by what became of them; below_quality_* carries the first rejection; ' +
        'held: best face so far of a tentative track, sent only if the track is confirmed; ' +
        'skipped_<reason>: not analysed (no landmarks, chip or quality): skipped_too_small for a box ' +
        'too small to pass the quality bar, skipped_max_faces_sent for a track that has sent its ' +
        'maximum number of faces, skipped_recently_analysed for a confirmed track analysed less ' +
        'than TRACK_FACE_ANALYSIS_INTERVAL_MS before.',
      labelNames: ['outcome'],
      registers,
    });
    this.stageSeconds = new Histogram({
      name: 'sightline_detect_stage_seconds',
      help: 'Time per frame spent in each stage (per-face stages summed over the frame).',
      labelNames: ['stage'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.tracksClosed = new Counter({
      name: 'sightline_detect_tracks_closed_total',
      help: 'Tracks closed, by what identification was possible.',
      labelNames: ['identification'],
      registers,
    });
    this.tracksDiscarded = new Counter({
      name: 'sightline_detect_tracks_discarded_total',
      help:
        'Tentative tracks (seen in fewer than TRACK_MIN_HITS frames) dropped without a trackClosed, ' +
        'by reason (missed: lost between frames; idle: the camera stopped).',
      labelNames: ['reason'],
      registers,
    });
    new Gauge({
      name: 'sightline_detect_open_tracks',
      help: 'Tracks open (tentative or confirmed) across the cameras this replica handles.',
      registers,
      collect() {
        this.set(trackers.openTracks());
      },
    });
  }

  closed(identification: TrackIdentification): void {
    this.tracksClosed.inc({ identification });
  }

  discarded(reason: DiscardReason, count: number): void {
    if (count > 0) this.tracksDiscarded.inc({ reason }, count);
  }

  /** Runs `work` and records its duration under `stage`. */
  async time<T>(stage: DetectStage, work: () => Promise<T>): Promise<T> {
    const stop = this.stageSeconds.startTimer({ stage });
    try {
      return await work();
    } finally {
      stop();
    }
  }
}
