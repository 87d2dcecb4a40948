import {
  newEnvelope,
  subjectEnrolled,
  TOPICS,
  sightingRecorded,
  auditRecorded,
} from '@sightline/contracts';
import { partitionKeyOf } from './partition-key';

describe('partitionKeyOf', () => {
  it('keys galleries by watchlist, sightings by camera and audit onto one stream', () => {
    const enrolled = newEnvelope(
      subjectEnrolled,
      {
        watchlistId: 'w1',
        subjectId: 's1',
        displayName: 'n',
        legalBasis: 'b',
        sourceReference: 'r',
        enrolledBy: 'e',
      },
      { source: 'match' },
    );
    expect(partitionKeyOf(TOPICS.galleries, enrolled)).toBe('w1');
    const sighting = newEnvelope(
      sightingRecorded,
      {
        cameraId: 'cam-7',
        trackId: 't',
        firstSeenAt: new Date().toISOString(),
        lastSeenAt: new Date().toISOString(),
        facesSeen: 1,
        bestQuality: 0.5,
        match: { status: 'none' },
      },
      { source: 'match' },
    );
    expect(partitionKeyOf(TOPICS.sightings, sighting)).toBe('cam-7');
    const audit = newEnvelope(
      auditRecorded,
      {
        actor: 'a',
        role: 'admin',
        purpose: 'p',
        action: 'x',
        target: 't',
        at: new Date().toISOString(),
        outcome: 'allowed',
      },
      { source: 'policy' },
    );
    expect(partitionKeyOf(TOPICS.audit, audit)).toBe('audit');
  });

  it('refuses to publish an event that lacks its key rather than scatter it', () => {
    const broken = { ...newEnvelope(sightingRecorded, {} as never, { source: 'x' }), payload: {} };
    expect(() => partitionKeyOf(TOPICS.sightings, broken)).toThrow(/no cameraId/);
  });
});
