import { detectionDefaults } from './detection-defaults';
import { loadConfig } from './load-config';

describe('detectionDefaults', () => {
  it('equals what loadConfig gives detect when nothing is set', () => {
    const config = loadConfig({ SERVICE_NAME: 'detect' }, { AUTH_JWT_SECRET: 'x'.repeat(32) });
    expect(detectionDefaults()).toEqual(config.detection);
    expect(detectionDefaults()).toEqual({ minFacePx: 28, maxInputSide: 640 });
  });
});
