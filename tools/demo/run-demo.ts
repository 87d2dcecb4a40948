// The sample run of `npm run up`: enrols one person, plays a sample video through ingest as a
// camera, prints sightings and alerts as the mesh produces them, and ends with a summary.
//   node tools/scripts/run-ts.cjs tools/demo/run-demo.ts     (the mesh must be up)
import type { sightingsV1 } from '@sightline/proto';
import { buildSampleVideo, LOCAL_MESH_ADDRESSES, MeshDriver, waitFor } from '@sightline/testing';
import path from 'node:path';
import { describeSighting, formatSummary, type DemoCounts } from './demo-output';

// Each run its own zone, so the alert names the person this run enrolled, not an earlier run's.
const ZONE = `demo-entrance-${Date.now().toString(36)}`;
// Stricter than LFW's FAR 1e-3 point (0.924): open-set 1:N search needs the stricter bar.
const THRESHOLD = 0.935;
const SAMPLING_FPS = 5;
const repoRoot = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const startedAt = Date.now();
  const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(1).padStart(5)}s`;
  const say = (line: string) => console.log(`    [${elapsed()}] ${line}`);
  const driver = new MeshDriver(LOCAL_MESH_ADDRESSES);
  let cameraId: string | undefined;
  try {
    say('building the sample video from the face-api demo photos (ffmpeg)');
    const video = await buildSampleVideo(path.join(repoRoot, '.local', 'demo'));

    const { watchlistId, enrolment } = await driver.enrolSamplePerson(ZONE, THRESHOLD);
    say(`enrolled "Sample person" (${enrolment.subjectId}) on watchlist ${watchlistId}`);

    const demoCameraId = `demo-cam-${Date.now().toString(36)}`;
    cameraId = demoCameraId;
    const alerts: string[] = [];
    const hangUp = driver.streamAlerts((alert) => {
      if (alert.cameraId !== demoCameraId) return;
      alerts.push(alert.alertId);
      say(
        `ALERT ${alert.alertId}: subject ${alert.subjectId}, score ${alert.score.toFixed(3)}, ` +
          'pending human review',
      );
    });
    await driver.registerFileCamera({
      id: demoCameraId,
      zone: ZONE,
      videoPath: video,
      samplingFps: SAMPLING_FPS,
    });
    say(
      `camera ${demoCameraId} is playing ${path.relative(repoRoot, video)} at ${SAMPLING_FPS} fps`,
    );

    const printed = new Set<string>();
    const printNew = async (): Promise<sightingsV1.Sighting[]> => {
      const sightings = await driver.sightingsOf(demoCameraId);
      for (const sighting of [...sightings].reverse()) {
        if (printed.has(sighting.trackId)) continue;
        printed.add(sighting.trackId);
        say(describeSighting(sighting));
      }
      return sightings;
    };
    const poller = setInterval(() => void printNew().catch(() => undefined), 1_000);
    const camera = await driver.waitUntilPlayed(demoCameraId);
    say(`the video has ended: ${camera.status?.framesPublished ?? 0} frames published`);
    // Tracks still open when the video ends close once the camera has been idle a few seconds.
    // Settled: some tracks, and no new one for one poll. A mesh still working through a backlog
    // (frames of cameras registered earlier) may show none within the limit; say so, not "0".
    let previous = -1;
    const sightings = await waitFor(
      async () => {
        const found = await printNew();
        const settled = found.length > 0 && found.length === previous;
        previous = found.length;
        return { found, settled };
      },
      ({ settled }) => settled,
      { what: 'the last tracks to close', timeoutMs: 120_000, intervalMs: 4_000 },
    ).catch((error: unknown) => {
      throw new Error(
        `no track of ${demoCameraId} was logged within 2 minutes of the video's end (${String(error)}); ` +
          'detect may be behind: see sightline_consumer_lag_messages on http://127.0.0.1:8082/metrics',
      );
    });
    clearInterval(poller);
    hangUp();
    const counts: DemoCounts = {
      frames: Number(camera.status?.framesPublished ?? 0),
      faces: sightings.found.reduce((sum, sighting) => sum + sighting.facesSeen, 0),
      tracks: sightings.found.length,
      sightings: sightings.found.length,
      alerts: alerts.length,
      seconds: (Date.now() - startedAt) / 1000,
    };
    console.log(formatSummary(counts, demoCameraId));
  } finally {
    // A file camera left registered would play its video again at every start of ingest.
    if (cameraId) await driver.removeCamera(cameraId).catch(() => undefined);
    driver.close();
  }
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  console.error('The services log to .local/logs/*.log; `npm run down` stops everything.');
  process.exit(1);
});
