import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS } from '@sightline/contracts';
import { lookaheadPattern } from '@sightline/messaging';
import { ProcessFrameUseCase } from './process-frame.usecase';
import type { FrameCapturedEnvelope } from './track-events';

@Controller()
export class FramesHandler {
  constructor(@Inject(ProcessFrameUseCase) private readonly processFrame: ProcessFrameUseCase) {}

  @EventPattern(TOPICS.frames.name)
  async onFrameCaptured(@Payload() frame: FrameCapturedEnvelope): Promise<void> {
    await this.processFrame.execute(frame);
  }

  /** The next frame, while this one is handled: its decode and detect can start on the other core. */
  @EventPattern(lookaheadPattern(TOPICS.frames.name))
  async onFrameAhead(@Payload() frame: FrameCapturedEnvelope): Promise<void> {
    await this.processFrame.prepare(frame);
  }
}
