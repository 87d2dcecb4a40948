import { DomainError, ErrorCode } from '@sightline/contracts';
import { validateCamera, type CameraInput } from './camera-validation';

const base: CameraInput = { id: 'cam-1', name: 'Gate', zone: 'gate', samplingFps: 5 };

function rejection(input: Partial<CameraInput>): DomainError {
  try {
    validateCamera({ ...base, ...input });
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('validateCamera', () => {
  it('normalises a push-only camera with defaults', () => {
    expect(validateCamera({ ...base, name: '  Gate  ' })).toEqual({
      id: 'cam-1',
      name: 'Gate',
      zone: 'gate',
      sensitive: false,
      samplingFps: 5,
      loop: false,
      realtime: true,
    });
  });

  it('accepts file, rtsp and http sources and keeps loop / realtime for files', () => {
    expect(
      validateCamera({ ...base, sourceUri: 'file:///data/a.mp4', loop: true, realtime: false }),
    ).toMatchObject({ sourceUri: 'file:///data/a.mp4', loop: true, realtime: false });
    expect(validateCamera({ ...base, sourceUri: 'rtsp://10.0.0.2:554/s' }).sourceUri).toBe(
      'rtsp://10.0.0.2:554/s',
    );
    expect(validateCamera({ ...base, sourceUri: 'https://cam.example/mjpeg' }).sourceUri).toBe(
      'https://cam.example/mjpeg',
    );
  });

  it.each([
    [{ id: 'bad id!' }, 'id', 'camera id must be'],
    [{ id: '' }, 'id', 'camera id must be'],
    [{ name: '   ' }, 'name', 'name is required'],
    [{ zone: '' }, 'zone', 'zone is required'],
    [{ samplingFps: 0.05 }, 'samplingFps', 'between 0.1 and 30 (got 0.05)'],
    [{ samplingFps: 31 }, 'samplingFps', 'between 0.1 and 30'],
    [{ samplingFps: Number.NaN }, 'samplingFps', 'between 0.1 and 30'],
    [{ sourceUri: 'ftp://x/y' }, 'sourceUri', 'source must be file:///absolute/path'],
    [{ sourceUri: 'file://relative/a.mp4' }, 'sourceUri', 'file'],
    [{ sourceUri: 'rtsp://' }, 'sourceUri', 'has no host'],
    [{ sourceUri: 'rtsp://cam/x', loop: true }, 'loop', 'loop applies only to file'],
    [{ loop: true }, 'loop', 'loop applies only to file'],
  ] as const)('rejects %j as INVALID_ARGUMENT on %s', (input, field, message) => {
    const error = rejection(input);
    expect(error.code).toBe(ErrorCode.InvalidArgument);
    expect(error.details['field']).toBe(field);
    expect(error.message).toContain(message);
  });
});
