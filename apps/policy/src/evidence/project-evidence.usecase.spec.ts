import { evidenceCaptured, newEnvelope } from '@sightline/contracts';
import { ServiceMetrics } from '@sightline/observability';
import type { Clock } from '@sightline/service-kit';
import { EvidenceMetrics } from './evidence-metrics';
import type { Evidence } from './evidence.entity';
import type { EvidenceRepository } from './evidence.repository';
import { ProjectEvidenceUseCase } from './project-evidence.usecase';

function setup() {
  const rows = new Map<string, Evidence>();
  const repository = {
    insertIfAbsent: jest.fn(async (row: Evidence) => {
      if (rows.has(row.id)) return false;
      rows.set(row.id, row);
      return true;
    }),
  } as unknown as EvidenceRepository;
  const metrics = new EvidenceMetrics(new ServiceMetrics('policy-test'));
  const clock = { now: () => new Date('2026-01-01T10:00:06Z') } as Clock;
  return { rows, metrics, useCase: new ProjectEvidenceUseCase(repository, metrics, clock) };
}

const payload = {
  evidenceId: 'ev-1',
  cameraId: 'cam-1',
  trackId: 't.0',
  faceId: 'f.0',
  capturedAt: '2026-01-01T10:00:01.000Z',
  watchlistId: 'wl-1',
  subjectId: 's-1',
  score: 0.7,
  alignedChip: '/9j/4AAQ',
  photoReference: 'photos/s-1.jpg',
};

describe('ProjectEvidenceUseCase', () => {
  it('stores the crop once, keyed by evidenceId, and counts it once', async () => {
    const { rows, metrics, useCase } = setup();
    const event = newEnvelope(evidenceCaptured, payload, { source: 'match' });
    await expect(useCase.execute(event)).resolves.toBe('stored');
    await expect(useCase.execute(event)).resolves.toBe('already-stored');
    await expect(
      useCase.execute(
        newEnvelope(evidenceCaptured, { ...payload, score: 0.9 }, { source: 'match' }),
      ),
    ).resolves.toBe('already-stored');
    expect(rows.size).toBe(1);
    expect(rows.get('ev-1')).toEqual({
      id: 'ev-1',
      cameraId: 'cam-1',
      trackId: 't.0',
      faceId: 'f.0',
      capturedAt: new Date('2026-01-01T10:00:01.000Z'),
      watchlistId: 'wl-1',
      subjectId: 's-1',
      score: 0.7,
      alignedChip: '/9j/4AAQ',
      photoReference: 'photos/s-1.jpg',
      storedAt: new Date('2026-01-01T10:00:06Z'),
    });
    expect((await metrics.stored.get()).values[0]?.value).toBe(1);
  });
});
