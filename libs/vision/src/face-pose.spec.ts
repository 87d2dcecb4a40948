import type { FaceLandmarks } from './face-landmarks';
import { estimatePose } from './face-pose';

function frontalLandmarks(overrides: Partial<FaceLandmarks> = {}): FaceLandmarks {
  return {
    rightEye: { x: 100, y: 100 },
    leftEye: { x: 160, y: 100 },
    noseTip: { x: 130, y: 132 },
    mouthCentre: { x: 130, y: 162 },
    rightEar: { x: 70, y: 120 },
    leftEar: { x: 190, y: 120 },
    confidence: 0.9,
    ...overrides,
  };
}

describe('estimatePose', () => {
  it('reads a frontal face as zero roll, near-zero yaw and pitch', () => {
    const pose = estimatePose(frontalLandmarks());
    expect(pose.rollDegrees).toBeCloseTo(0);
    expect(pose.eyeDistance).toBeCloseTo(60);
    expect(Math.abs(pose.yaw)).toBeLessThan(0.01);
    expect(Math.abs(pose.pitch)).toBeLessThan(0.01);
  });

  it('sees roll from the eye line and yaw from the nose offset', () => {
    expect(estimatePose(frontalLandmarks({ leftEye: { x: 160, y: 160 } })).rollDegrees).toBeCloseTo(
      45,
    );
    const turned = estimatePose(frontalLandmarks({ noseTip: { x: 150, y: 132 } }));
    expect(turned.yaw).toBeCloseTo(20 / 60, 2);
    const down = estimatePose(frontalLandmarks({ noseTip: { x: 130, y: 150 } }));
    expect(down.pitch).toBeGreaterThan(0.2);
  });
});
