import { newEnvelope, sightingRecorded } from '@sightline/contracts';
import type { Clock } from '@sightline/service-kit';
import type { Sighting } from './sighting.entity';
import type { SightingRepository } from './sighting.repository';
import { ProjectSightingUseCase } from './project-sighting.usecase';

function inMemorySightings(): { repository: SightingRepository; rows: Map<string, Sighting> } {
  const rows = new Map<string, Sighting>();
  const repository = {
    insertIfAbsent: jest.fn(async (sighting: Sighting) => {
      if (rows.has(sighting.id)) return false;
      rows.set(sighting.id, sighting);
      return true;
    }),
  } as unknown as SightingRepository;
  return { repository, rows };
}

const clock = { now: () => new Date('2026-01-01T00:00:00Z') } as Clock;
const payload = {
  cameraId: 'cam-1',
  trackId: 'track-9',
  firstSeenAt: '2026-01-01T10:00:00.000Z',
  lastSeenAt: '2026-01-01T10:00:04.000Z',
  facesSeen: 12,
  bestQuality: 0.81,
  match: {
    status: 'matched' as const,
    watchlistId: 'w',
    subjectId: 's',
    score: 0.7,
    faceId: 'f',
    templateId: 't1',
    evidenceId: 'e1',
  },
};

describe('ProjectSightingUseCase', () => {
  it('projects one row per track with the match fields flattened', async () => {
    const { repository, rows } = inMemorySightings();
    const useCase = new ProjectSightingUseCase(repository, clock);
    const event = newEnvelope(sightingRecorded, payload, { source: 'match', cameraId: 'cam-1' });
    await expect(useCase.execute(event)).resolves.toBe('applied');
    expect(rows.get('cam-1:track-9')).toMatchObject({
      eventId: event.id,
      matchStatus: 'matched',
      subjectId: 's',
      score: 0.7,
    });
  });

  it('changes nothing for a redelivered or re-emitted event of the same track', async () => {
    const { repository, rows } = inMemorySightings();
    const useCase = new ProjectSightingUseCase(repository, clock);
    const first = newEnvelope(sightingRecorded, payload, { source: 'match' });
    const reemitted = newEnvelope(
      sightingRecorded,
      { ...payload, facesSeen: 99 },
      { source: 'match' },
    );
    await useCase.execute(first);
    await expect(useCase.execute(first)).resolves.toBe('already-applied');
    await expect(useCase.execute(reemitted)).resolves.toBe('already-applied');
    expect(rows.size).toBe(1);
    expect(rows.get('cam-1:track-9')?.facesSeen).toBe(12);
  });

  it('stores no subject for a sighting without a match', async () => {
    const { repository, rows } = inMemorySightings();
    await new ProjectSightingUseCase(repository, clock).execute(
      newEnvelope(sightingRecorded, { ...payload, match: { status: 'none' } }, { source: 'match' }),
    );
    expect(rows.get('cam-1:track-9')).not.toHaveProperty('subjectId');
  });
});
