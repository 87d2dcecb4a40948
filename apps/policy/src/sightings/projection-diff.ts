import type { Sighting } from './sighting.entity';

/** How a rebuilt projection differs from the live one; `equal` is the verdict. */
export interface ProjectionDiff {
  readonly equal: boolean;
  readonly liveCount: number;
  readonly rebuiltCount: number;
  /** Rows the log produces that the live projection lacks: events it skipped or lost. */
  readonly missingFromLive: readonly string[];
  /** Rows of the live projection that the log does not produce. */
  readonly extraInLive: readonly string[];
  /** Rows present in both whose fields differ, with the names of those fields. */
  readonly different: readonly { readonly id: string; readonly fields: readonly string[] }[];
}

// recordedAt is when a projector wrote the row, not a fact of the log, so a rebuild may differ there.
const IGNORED: ReadonlySet<string> = new Set(['recordedAt']);

/** Per-key comparison of two projections of the sightings log. */
export function compareProjections(
  live: readonly Sighting[],
  rebuilt: readonly Sighting[],
): ProjectionDiff {
  const liveById = new Map(live.map((row) => [row.id, row]));
  const rebuiltById = new Map(rebuilt.map((row) => [row.id, row]));
  const missingFromLive = [...rebuiltById.keys()].filter((id) => !liveById.has(id)).sort();
  const extraInLive = [...liveById.keys()].filter((id) => !rebuiltById.has(id)).sort();
  const different: { id: string; fields: string[] }[] = [];
  for (const [id, expected] of rebuiltById) {
    const actual = liveById.get(id);
    if (!actual) continue;
    const fields = differingFields(actual, expected);
    if (fields.length > 0) different.push({ id, fields });
  }
  different.sort((a, b) => a.id.localeCompare(b.id));
  return {
    equal: missingFromLive.length === 0 && extraInLive.length === 0 && different.length === 0,
    liveCount: liveById.size,
    rebuiltCount: rebuiltById.size,
    missingFromLive,
    extraInLive,
    different,
  };
}

function differingFields(a: Sighting, b: Sighting): string[] {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...names]
    .filter((name) => !IGNORED.has(name))
    .filter((name) => !sameValue(field(a, name), field(b, name)))
    .sort();
}

function field(row: Sighting, name: string): unknown {
  return (row as unknown as Record<string, unknown>)[name];
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}
