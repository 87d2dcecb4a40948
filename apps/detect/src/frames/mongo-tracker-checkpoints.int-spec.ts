import { MongoConnection } from '@sightline/persistence';
import { mongoUrlFor, uniqueName } from '@sightline/testing';
import { MongoTrackerCheckpoints } from './mongo-tracker-checkpoints';
import type { CameraTrackerState } from './tracker-state';

describe('MongoTrackerCheckpoints against FerretDB', () => {
  let mongo: MongoConnection;
  let checkpoints: MongoTrackerCheckpoints;

  beforeAll(async () => {
    mongo = await MongoConnection.open({
      url: mongoUrlFor(uniqueName('it_detect_ckpt').replace(/-/g, '_')),
    });
    checkpoints = new MongoTrackerCheckpoints(mongo);
  });

  afterAll(async () => {
    await mongo.connection.dropDatabase();
    await mongo.close();
  });

  const state: CameraTrackerState = {
    cameraId: 'cam-1',
    zone: 'north',
    lastFrameId: '01JF0000000000000000000002',
    lastFrameCapturedAt: '2026-01-01T10:00:00.400Z',
    tracks: [
      {
        trackId: '01JF0000000000000000000001.0',
        box: { x: 10.5, y: 20.25, width: 80, height: 96.5 },
        velocity: { dx: 3.5, dy: -1.25 },
        missedFrames: 1,
        facesSeen: 2,
        facesSent: 1,
        bestQuality: 0.61,
        bestSentQuality: 0.58,
        firstSeenAt: '2026-01-01T10:00:00.200Z',
        lastSeenAt: '2026-01-01T10:00:00.200Z',
        sensitive: false,
      },
    ],
  };

  it('stores a camera’s tracker state and loads it back unchanged', async () => {
    await expect(checkpoints.load('cam-1')).resolves.toBeNull();
    await checkpoints.save(state);
    await expect(checkpoints.load('cam-1')).resolves.toEqual(state);
    await expect(checkpoints.withOpenTracks()).resolves.toEqual([state]);
  });

  it('replaces the state on the next save and forgets closed tracks', async () => {
    const next = {
      ...state,
      lastFrameId: 'f3',
      lastFrameCapturedAt: '2026-01-01T10:00:00.600Z',
      tracks: [],
    };
    await checkpoints.save(next);
    await expect(checkpoints.load('cam-1')).resolves.toEqual(next);
    await expect(checkpoints.withOpenTracks()).resolves.toEqual([]);
  });

  it('loads a checkpoint written before the tracks were encoded, and replaces it whole', async () => {
    const { cameraId: _, tracks, ...rest } = state;
    await mongo.connection
      .collection('tracker_checkpoints')
      .insertOne({ _id: 'cam-legacy' as never, ...rest, tracks, openTracks: tracks.length });
    const legacy = { ...state, cameraId: 'cam-legacy' };
    await expect(checkpoints.load('cam-legacy')).resolves.toEqual(legacy);

    const next = {
      ...legacy,
      lastFrameId: 'f9',
      tracks: [{ ...state.tracks[0], sentBoxArea: 7720 }],
    };
    await checkpoints.save(next);
    await expect(checkpoints.load('cam-legacy')).resolves.toEqual(next);
    const stored = await mongo.connection
      .collection('tracker_checkpoints')
      .findOne({ _id: 'cam-legacy' as never });
    expect(stored).not.toHaveProperty('tracks');
  });
});
