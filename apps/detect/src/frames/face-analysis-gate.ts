import { boxArea, type Box } from '@sightline/vision';
import type { TrackerSettings } from './track-frame';
import type { TrackState } from './tracker-state';

/** Why detect does not run landmarks, alignment and quality on a detection (a metric label). */
export type AnalysisSkipReason = 'max_faces_sent';

/**
 * How much larger than at its last sent face a capped track's box must grow (in area: a fifth
 * wider and taller) before its faces are analysed again. A face that much closer to the camera
 * may score a clearly higher quality, which the track's bestQuality (in trackClosed) should show.
 */
export const CLEARLY_BIGGER_AREA = 1.44;

/**
 * Whether detect may skip the per-face work (landmarks, chip, quality, most of its time per
 * frame) on a detection: yes when it continues a track that has sent its maximum number of faces,
 * which then sends nothing more whatever the quality, and whose box has not grown clearly since
 * its last sent face. The tracker still gets the box. `track` is the one matchTracks gives.
 */
export function analysisSkipReason(
  track: TrackState | undefined,
  box: Box,
  settings: Pick<TrackerSettings, 'maxFacesSent'>,
): AnalysisSkipReason | undefined {
  if (!track || track.facesSent < settings.maxFacesSent || track.sentBoxArea === undefined) {
    return undefined;
  }
  return boxArea(box) > track.sentBoxArea * CLEARLY_BIGGER_AREA ? undefined : 'max_faces_sent';
}
