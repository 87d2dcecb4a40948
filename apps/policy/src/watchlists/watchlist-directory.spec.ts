import {
  newEnvelope,
  subjectEnrolled,
  subjectRemoved,
  watchlistExpired,
  templateAdded,
  watchlistCreated,
  type EventEnvelope,
} from '@sightline/contracts';
import type { Kafka } from 'kafkajs';
import { WatchlistDirectory } from './watchlist-directory';

function directory(highs: Record<number, string>, replayWaitMs = 5_000) {
  const admin = {
    connect: jest.fn(async () => undefined),
    disconnect: jest.fn(async () => undefined),
    fetchTopicOffsets: jest.fn(async () =>
      Object.entries(highs).map(([partition, high]) => ({
        partition: Number(partition),
        high,
        low: '0',
        offset: high,
      })),
    ),
  };
  const kafka = { admin: () => admin } as unknown as Pick<Kafka, 'admin'>;
  const logger = { warn: jest.fn() };
  return {
    logger,
    directory: new WatchlistDirectory(kafka, logger, { replayWaitMs, pollMs: 5 }),
  };
}

const created = (watchlistId: string, reviewMode: 'single' | 'two-person'): EventEnvelope =>
  newEnvelope(
    watchlistCreated,
    {
      watchlistId,
      name: 'n',
      purpose: 'p',
      legalBasis: 'b',
      authorisedBy: 'a',
      owner: 'o',
      expiresAt: '2030-01-01T00:00:00Z',
      zones: ['north'],
      threshold: 0.6,
      reviewMode,
    },
    { source: 't' },
  );
const template = (watchlistId: string, templateId: string, photoReference: string): EventEnvelope =>
  newEnvelope(
    templateAdded,
    {
      watchlistId,
      subjectId: 's',
      templateId,
      template: Array.from({ length: 128 }, (_, i) => (i === 0 ? 1 : 0)),
      embedder: 'dlib',
      photoReference,
    },
    { source: 't' },
  );

const enrolled = (watchlistId: string, enrolledBy: string): EventEnvelope =>
  newEnvelope(
    subjectEnrolled,
    {
      watchlistId,
      subjectId: 's',
      displayName: 'd',
      legalBasis: 'b',
      sourceReference: 'r',
      enrolledBy,
    },
    { source: 't' },
  );

const EXPIRES_AT = new Date('2030-01-01T00:00:00Z');

describe('WatchlistDirectory', () => {
  it('knows review mode and photo reference of a replayed template, also after the subject is removed', async () => {
    const { directory: dir } = directory({ 0: '3' });
    await dir.onModuleInit();
    dir.apply(created('wl', 'two-person'), 0, '0');
    dir.apply(enrolled('wl', 'enroller-1'), 0, '1');
    dir.apply(template('wl', 't1', 'photos/1.jpg'), 0, '2');
    dir.apply(
      newEnvelope(
        subjectRemoved,
        { watchlistId: 'wl', subjectId: 's', removedBy: 'a', reason: 'r' },
        { source: 't' },
      ),
      0,
      '3',
    );
    await expect(dir.enrolmentOf('wl', 's', 't1')).resolves.toEqual({
      reviewMode: 'two-person',
      photoReference: 'photos/1.jpg',
      enrolledBy: 'enroller-1',
      watchlistExpiresAt: EXPIRES_AT,
      threshold: 0.6,
    });
    await expect(dir.enrolmentOf('wl', 's', 'other')).resolves.toBeUndefined();
    await expect(dir.enrolmentOf('nope', 's', 't1')).resolves.toBeUndefined();
  });

  it('takes an expiry event that comes before the authorised expiry, never one after it', async () => {
    const { directory: dir } = directory({ 0: '4' });
    await dir.onModuleInit();
    dir.apply(created('wl', 'single'), 0, '0');
    dir.apply(enrolled('wl', 'e'), 0, '1');
    dir.apply(template('wl', 't1', 'p'), 0, '2');
    const expire = (expiredAt: string) =>
      newEnvelope(watchlistExpired, { watchlistId: 'wl', expiredAt }, { source: 't' });
    dir.apply(expire('2031-01-01T00:00:00.000Z'), 0, '3');
    expect((await dir.enrolmentOf('wl', 's', 't1'))?.watchlistExpiresAt).toEqual(EXPIRES_AT);
    dir.apply(expire('2026-06-01T00:00:00.000Z'), 0, '4');
    expect((await dir.enrolmentOf('wl', 's', 't1'))?.watchlistExpiresAt).toEqual(
      new Date('2026-06-01T00:00:00.000Z'),
    );
  });

  it('waits for the start-up replay before answering "unknown"', async () => {
    const { directory: dir } = directory({ 0: '3' });
    await dir.onModuleInit();
    dir.apply(created('wl', 'single'), 0, '0');
    dir.apply(enrolled('wl', 'e'), 0, '1');
    const answer = dir.enrolmentOf('wl', 's', 't1');
    await new Promise((resolve) => setTimeout(resolve, 30));
    dir.apply(template('wl', 't1', 'photos/1.jpg'), 0, '2');
    await expect(answer).resolves.toMatchObject({
      reviewMode: 'single',
      photoReference: 'photos/1.jpg',
    });
  });

  it('stops waiting after the grace period when the replay never confirms (a dead-lettered last event)', async () => {
    const { directory: dir, logger } = directory({ 0: '5' }, 40);
    await dir.onModuleInit();
    dir.apply(created('wl', 'single'), 0, '0');
    await expect(dir.enrolmentOf('wl', 's', 't1')).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    await expect(dir.enrolmentOf('wl', 's', 't2')).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });
});
