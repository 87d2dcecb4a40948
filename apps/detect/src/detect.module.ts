import { Module } from '@nestjs/common';
import { SIGHTLINE_CONFIG, type SightlineConfig } from '@sightline/config';
import { CameraLanes } from './frames/camera-lanes';
import { CameraTrackers } from './frames/camera-trackers';
import { CloseIdleTracksUseCase } from './frames/close-idle-tracks.usecase';
import { DetectMetrics } from './frames/detect-metrics';
import { FaceVision } from './frames/face-vision';
import { FramesHandler } from './frames/frames.handler';
import { IdleTrackSweeper } from './frames/idle-track-sweeper';
import { defaultModelDir } from './frames/model-dir';
import { MongoTrackerCheckpoints } from './frames/mongo-tracker-checkpoints';
import { OnnxFaceVision } from './frames/onnx-face-vision';
import { ProcessFrameUseCase } from './frames/process-frame.usecase';
import { TrackerCheckpoints } from './frames/tracker-checkpoints';

/** The detect service: frames in, each track's best faces and its closing summary out. */
@Module({
  controllers: [FramesHandler],
  providers: [
    {
      provide: FaceVision,
      inject: [SIGHTLINE_CONFIG],
      // Models load (and are checksummed) once, before the consumer starts.
      useFactory: (config: SightlineConfig) =>
        OnnxFaceVision.create(config.paths.modelDir ?? defaultModelDir(), config.detection),
    },
    { provide: TrackerCheckpoints, useClass: MongoTrackerCheckpoints },
    CameraLanes,
    CameraTrackers,
    DetectMetrics,
    ProcessFrameUseCase,
    CloseIdleTracksUseCase,
    IdleTrackSweeper,
  ],
})
export class DetectModule {}
