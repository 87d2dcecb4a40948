import { intersectionOverUnion, type Box } from '@sightline/vision';

export interface Assignment {
  readonly track: number;
  readonly detection: number;
  readonly iou: number;
}

/**
 * Pairs tracks with detections, best overlap first: every pair at or above `threshold` is a
 * candidate, candidates are taken in descending IoU and each track and detection is used once.
 * Ties break on track then detection index so replaying the same frame gives the same pairs.
 * Greedy is not globally optimal (Hungarian would be) but at a handful of faces per frame the two
 * almost never differ, and greedy is easy to reason about.
 */
export function assignGreedy(
  tracks: readonly Box[],
  detections: readonly Box[],
  threshold: number,
): Assignment[] {
  const candidates: Assignment[] = [];
  for (const [track, trackBox] of tracks.entries()) {
    for (const [detection, detectionBox] of detections.entries()) {
      const iou = intersectionOverUnion(trackBox, detectionBox);
      if (iou > 0 && iou >= threshold) candidates.push({ track, detection, iou });
    }
  }
  candidates.sort((a, b) => b.iou - a.iou || a.track - b.track || a.detection - b.detection);
  const usedTracks = new Set<number>();
  const usedDetections = new Set<number>();
  const assigned: Assignment[] = [];
  for (const candidate of candidates) {
    if (usedTracks.has(candidate.track) || usedDetections.has(candidate.detection)) continue;
    usedTracks.add(candidate.track);
    usedDetections.add(candidate.detection);
    assigned.push(candidate);
  }
  return assigned;
}
