import { metricSum, percentile } from './prometheus-text';

const EXPOSITION = `# HELP sightline_detect_frames_total Frames.
# TYPE sightline_detect_frames_total counter
sightline_detect_frames_total{outcome="processed",service="detect"} 120
sightline_detect_frames_total{outcome="rejected",service="detect"} 3
sightline_detect_frames_total_extra{outcome="processed"} 999
sightline_process_cpu_seconds_total{service="detect"} 12.5
`;

describe('metricSum', () => {
  it('sums only the series of the named metric whose labels match', () => {
    expect(metricSum(EXPOSITION, 'sightline_detect_frames_total')).toBe(123);
    expect(metricSum(EXPOSITION, 'sightline_detect_frames_total', { outcome: 'processed' })).toBe(
      120,
    );
    expect(metricSum(EXPOSITION, 'sightline_process_cpu_seconds_total')).toBe(12.5);
    expect(metricSum(EXPOSITION, 'sightline_missing_total')).toBe(0);
  });
});

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile([], 0.5)).toBeNaN();
  });
});
