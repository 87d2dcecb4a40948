import { sightingsV1 } from '@sightline/proto';

export interface DemoCounts {
  readonly frames: number;
  readonly faces: number;
  readonly tracks: number;
  readonly sightings: number;
  readonly alerts: number;
  readonly seconds: number;
}

/** One line per sighting, the way an operator skims a log. */
export function describeSighting(sighting: sightingsV1.Sighting): string {
  const seconds =
    sighting.firstSeenAt && sighting.lastSeenAt
      ? ((sighting.lastSeenAt.getTime() - sighting.firstSeenAt.getTime()) / 1000).toFixed(1)
      : '?';
  const track = `track ${sighting.trackId.slice(-8)}: ${sighting.facesSeen} faces over ${seconds}s`;
  switch (sighting.matchStatus) {
    case sightingsV1.MatchStatus.MATCH_STATUS_MATCHED:
      return `sighting ${track} -> MATCH ${sighting.subjectId} (score ${sighting.score.toFixed(3)})`;
    case sightingsV1.MatchStatus.MATCH_STATUS_NONE:
      return `sighting ${track} -> no match; template and crop discarded`;
    case sightingsV1.MatchStatus.MATCH_STATUS_NOT_ATTEMPTED:
      return `sighting ${track} -> not identified (no usable face or sensitive camera)`;
    case sightingsV1.MatchStatus.MATCH_STATUS_UNSPECIFIED:
    case sightingsV1.MatchStatus.UNRECOGNIZED:
      return `sighting ${track} -> unknown outcome`;
  }
}

export function formatSummary(counts: DemoCounts, cameraId: string): string {
  return [
    '',
    '==> Summary',
    `    frames ${counts.frames} · faces ${counts.faces} · tracks ${counts.tracks} · ` +
      `sightings ${counts.sightings} · alerts ${counts.alerts} · ${counts.seconds.toFixed(1)} s`,
    '',
    '    Every alert waits for a human reviewer; nothing is acted on before that.',
    '    Next, review it as a reviewer (your token, your decision, both audited):',
    '      export SIGHTLINE_TOKEN=$(node tools/scripts/run-ts.cjs tools/auth/issue-token.ts --role reviewer --subject you)',
    '      node tools/scripts/run-ts.cjs apps/policy/src/cli/review-cli.ts pending',
    '      node tools/scripts/run-ts.cjs apps/policy/src/cli/review-cli.ts confirm --alert <id> --reason "..."',
    `    Sightings of camera ${cameraId}: SightingService.QuerySightings on 127.0.0.1:50065.`,
    '    Audit chain: node tools/scripts/run-ts.cjs apps/policy/src/audit/audit-cli.ts verify',
    '      npm test        # the full suite',
    '      npm run down    # stop everything',
  ].join('\n');
}
