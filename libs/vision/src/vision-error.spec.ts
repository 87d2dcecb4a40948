import { VisionError, VisionErrorCode, isVisionError } from './vision-error';

describe('VisionError', () => {
  it('carries its code and names it in the message', () => {
    const error = new VisionError(VisionErrorCode.CORRUPT_IMAGE, 'bad bytes');
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(VisionErrorCode.CORRUPT_IMAGE);
    expect(error.message).toBe('CORRUPT_IMAGE: bad bytes');
    expect(isVisionError(error, VisionErrorCode.CORRUPT_IMAGE)).toBe(true);
    expect(isVisionError(error, VisionErrorCode.EMPTY_INPUT)).toBe(false);
    expect(isVisionError(new Error('x'))).toBe(false);
  });
});
