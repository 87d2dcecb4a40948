import { newEnvelope, sightingRecorded } from '@sightline/contracts';
import type { MatchedSightingListener } from './matched-sighting.listener';
import type { ProjectSightingUseCase } from './project-sighting.usecase';
import { RecordSightingUseCase } from './record-sighting.usecase';

const base = {
  cameraId: 'cam-1',
  trackId: 't.0',
  firstSeenAt: '2026-01-01T10:00:00.000Z',
  lastSeenAt: '2026-01-01T10:00:01.000Z',
  facesSeen: 3,
  bestQuality: 0.5,
};

function setup(result: 'applied' | 'already-applied') {
  const project = { execute: jest.fn(async () => result) } as unknown as ProjectSightingUseCase;
  const listener = { onMatchedSighting: jest.fn(async () => undefined) };
  return {
    listener,
    useCase: new RecordSightingUseCase(project, listener as MatchedSightingListener),
  };
}

describe('RecordSightingUseCase', () => {
  it('hands a match to the listener even when the row already existed (crash before the alert)', async () => {
    const { listener, useCase } = setup('already-applied');
    const event = newEnvelope(
      sightingRecorded,
      {
        ...base,
        match: {
          status: 'matched',
          watchlistId: 'w',
          subjectId: 's',
          score: 0.6,
          faceId: 'f',
          templateId: 't',
          evidenceId: 'e',
        },
      },
      { source: 'match' },
    );
    await expect(useCase.execute(event)).resolves.toBe('already-applied');
    expect(listener.onMatchedSighting).toHaveBeenCalledWith(event);
  });

  it('does not call the listener without a match', async () => {
    const { listener, useCase } = setup('applied');
    await useCase.execute(
      newEnvelope(sightingRecorded, { ...base, match: { status: 'none' } }, { source: 'm' }),
    );
    await useCase.execute(
      newEnvelope(
        sightingRecorded,
        { ...base, match: { status: 'not-attempted', reason: 'restricted-place' } },
        { source: 'm' },
      ),
    );
    expect(listener.onMatchedSighting).not.toHaveBeenCalled();
  });
});
