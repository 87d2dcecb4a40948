import { ErrorCode } from '@sightline/contracts';
import type { Camera } from './camera';
import { RegisterCameraUseCase } from './register-camera.usecase';

function setUp(existing: Camera | null) {
  const saved: Camera[] = [];
  const applied: Camera[] = [];
  const useCase = new RegisterCameraUseCase(
    {
      findById: async () => existing,
      save: async (camera) => {
        saved.push(camera);
        return camera;
      },
    },
    {
      apply: async (camera) => {
        applied.push(camera);
      },
    },
    { now: () => new Date('2026-02-03T04:05:06.000Z') },
  );
  return { useCase, saved, applied };
}

describe('RegisterCameraUseCase', () => {
  it('creates a camera, stamps createdAt and starts its source', async () => {
    const { useCase, saved, applied } = setUp(null);
    const result = await useCase.execute({
      id: 'cam-1',
      name: 'Gate',
      zone: 'gate',
      samplingFps: 5,
      sourceUri: 'file:///v.mp4',
    });
    expect(result.created).toBe(true);
    expect(result.camera).toEqual({
      id: 'cam-1',
      name: 'Gate',
      zone: 'gate',
      sensitive: false,
      samplingFps: 5,
      sourceUri: 'file:///v.mp4',
      loop: false,
      realtime: true,
      createdAt: '2026-02-03T04:05:06.000Z',
    });
    expect(saved).toEqual([result.camera]);
    expect(applied).toEqual([result.camera]);
  });

  it('replaces an existing camera whole but keeps its createdAt', async () => {
    const { useCase, saved } = setUp({
      id: 'cam-1',
      name: 'Old',
      zone: 'old',
      sensitive: true,
      samplingFps: 1,
      sourceUri: 'rtsp://old/x',
      loop: false,
      realtime: true,
      createdAt: '2025-01-01T00:00:00.000Z',
    });
    const result = await useCase.execute({ id: 'cam-1', name: 'New', zone: 'new', samplingFps: 2 });
    expect(result.created).toBe(false);
    expect(saved[0]).toEqual({
      id: 'cam-1',
      name: 'New',
      zone: 'new',
      sensitive: false,
      samplingFps: 2,
      loop: false,
      realtime: true,
      createdAt: '2025-01-01T00:00:00.000Z',
    });
  });

  it('stores nothing for an invalid camera', async () => {
    const { useCase, saved, applied } = setUp(null);
    await expect(
      useCase.execute({ id: 'cam-1', name: 'Gate', zone: 'gate', samplingFps: 100 }),
    ).rejects.toMatchObject({ code: ErrorCode.InvalidArgument });
    expect(saved).toEqual([]);
    expect(applied).toEqual([]);
  });
});
