import { DomainError, ErrorCode } from '@sightline/contracts';
import { mongoUrlFor, uniqueName } from '@sightline/testing';
import { Schema } from 'mongoose';
import { BaseRepository, type StoredDocument } from './base.repository';
import { MongoConnection } from './mongo-connection';

interface Camera {
  readonly id: string;
  readonly name: string;
  readonly zone: string;
  readonly sensitive: boolean;
  readonly fps: number;
  readonly labels?: readonly string[];
}

const cameraSchema = new Schema<StoredDocument<Camera>>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    zone: { type: String, required: true },
    sensitive: { type: Boolean, required: true },
    fps: { type: Number, required: true, min: 0.1 },
    labels: { type: [String], default: undefined },
  },
  { versionKey: false, _id: false },
);
// Two cameras may not share a display name: operators pick them by name.
cameraSchema.index({ name: 1 }, { unique: true });

class CameraRepository extends BaseRepository<Camera> {
  constructor(mongo: MongoConnection) {
    super(mongo.model('ItCamera', cameraSchema, 'cameras'));
  }
}

describe('BaseRepository against FerretDB', () => {
  let mongo: MongoConnection;
  let cameras: CameraRepository;

  beforeAll(async () => {
    mongo = await MongoConnection.open({
      url: mongoUrlFor(uniqueName('it_repo').replace(/-/g, '_')),
    });
    cameras = new CameraRepository(mongo);
    await mongo.connection.model('ItCamera').init();
  });

  afterAll(async () => {
    await mongo.connection.dropDatabase();
    await mongo.close();
  });

  it('answers a ping', async () => {
    await expect(mongo.ping()).resolves.toBe(true);
  });

  it('creates and finds lean entities with id instead of _id', async () => {
    await cameras.create({ id: 'cam-1', name: 'Gate A', zone: 'north', sensitive: false, fps: 5 });
    await cameras.create({
      id: 'cam-2',
      name: 'Clinic door',
      zone: 'south',
      sensitive: true,
      fps: 2,
    });
    const found = await cameras.findById('cam-1');
    expect(found).toEqual({ id: 'cam-1', name: 'Gate A', zone: 'north', sensitive: false, fps: 5 });
    expect(Object.getPrototypeOf(found)).toBe(Object.prototype);
    expect(await cameras.find({ sensitive: true })).toEqual([
      { id: 'cam-2', name: 'Clinic door', zone: 'south', sensitive: true, fps: 2 },
    ]);
    expect((await cameras.find({}, { sort: { name: -1 }, limit: 1 })).map((c) => c.id)).toEqual([
      'cam-1',
    ]);
  });

  it('updates an existing entity and reports NOT_FOUND for a missing one', async () => {
    expect(await cameras.update('cam-1', { $set: { fps: 10 } })).toMatchObject({
      id: 'cam-1',
      fps: 10,
    });
    await expect(cameras.update('nope', { $set: { fps: 1 } })).rejects.toMatchObject({
      code: ErrorCode.NotFound,
    });
  });

  it('upserts: creates when absent, replaces fields when present', async () => {
    expect(
      await cameras.upsert('cam-3', { name: 'Platform 2', zone: 'east', sensitive: false, fps: 4 }),
    ).toMatchObject({ id: 'cam-3', fps: 4 });
    expect(await cameras.upsert('cam-3', { fps: 8 })).toMatchObject({
      id: 'cam-3',
      name: 'Platform 2',
      fps: 8,
    });
    expect(await cameras.count()).toBe(3);
  });

  it('turns a unique-index violation and a duplicate id into CONFLICT', async () => {
    const duplicateName = cameras.create({
      id: 'cam-4',
      name: 'Gate A',
      zone: 'west',
      sensitive: false,
      fps: 1,
    });
    await expect(duplicateName).rejects.toBeInstanceOf(DomainError);
    await expect(duplicateName).rejects.toMatchObject({ code: ErrorCode.Conflict });
    await expect(
      cameras.create({ id: 'cam-1', name: 'Other', zone: 'x', sensitive: false, fps: 1 }),
    ).rejects.toMatchObject({
      code: ErrorCode.Conflict,
    });
  });

  it('turns a schema violation into INVALID_ARGUMENT', async () => {
    await expect(
      cameras.create({ id: 'cam-5', name: 'Slow', zone: 'x', sensitive: false, fps: 0 }),
    ).rejects.toMatchObject({
      code: ErrorCode.InvalidArgument,
    });
  });

  it('inserts once with insertIfAbsent and leaves the first version in place', async () => {
    expect(
      await cameras.insertIfAbsent({
        id: 'cam-6',
        name: 'Bridge',
        zone: 'n',
        sensitive: false,
        fps: 1,
      }),
    ).toBe(true);
    expect(
      await cameras.insertIfAbsent({
        id: 'cam-6',
        name: 'Bridge 2',
        zone: 'n',
        sensitive: false,
        fps: 9,
      }),
    ).toBe(false);
    expect(await cameras.findById('cam-6')).toMatchObject({ name: 'Bridge', fps: 1 });
    expect(await cameras.deleteById('cam-6')).toBe(true);
    expect(await cameras.findById('cam-6')).toBeNull();
  });

  it('keeps an empty array given to insertIfAbsent (FerretDB drops them from $setOnInsert)', async () => {
    await cameras.insertIfAbsent({
      id: 'cam-7',
      name: 'Quay',
      zone: 'n',
      sensitive: false,
      fps: 1,
      labels: [],
    });
    expect(await cameras.findById('cam-7')).toEqual({
      id: 'cam-7',
      name: 'Quay',
      zone: 'n',
      sensitive: false,
      fps: 1,
      labels: [],
    });
  });

  it('reports a clash on another unique index as CONFLICT, not as "already there"', async () => {
    await cameras.insertIfAbsent({
      id: 'cam-8',
      name: 'Pier',
      zone: 'n',
      sensitive: false,
      fps: 1,
    });
    await expect(
      cameras.insertIfAbsent({ id: 'cam-9', name: 'Pier', zone: 's', sensitive: false, fps: 1 }),
    ).rejects.toMatchObject({ code: ErrorCode.Conflict });
  });
});
