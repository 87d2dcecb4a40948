export interface LfwPair {
  readonly fold: number;
  readonly same: boolean;
  readonly a: string;
  readonly b: string;
}

function imagePath(name: string, index: string): string {
  return `images_deepfunneled/${name}/${name}_${index.padStart(4, '0')}.jpg`;
}

/**
 * LFW pairs.txt (official 10-fold protocol): a `folds perFold` header, then per fold perFold
 * same-person and perFold different-person lines. Paths are relative to the LFW folder.
 */
export function parseLfwPairs(text: string): LfwPair[] {
  const lines = text.trim().split(/\r?\n/);
  const [folds, perFold] = lines[0].trim().split(/\s+/).map(Number);
  const pairs: LfwPair[] = [];
  let line = 1;
  for (let fold = 0; fold < folds; fold++) {
    for (let i = 0; i < 2 * perFold; i++, line++) {
      const f = lines[line].trim().split(/\s+/);
      pairs.push(
        f.length === 3
          ? { fold, same: true, a: imagePath(f[0], f[1]), b: imagePath(f[0], f[2]) }
          : { fold, same: false, a: imagePath(f[0], f[1]), b: imagePath(f[2], f[3]) },
      );
    }
  }
  return pairs;
}

export interface VerificationResult {
  readonly accuracy: number;
  readonly accuracyStd: number;
  readonly foldThresholds: number[];
  /** Best-accuracy threshold over all pairs: what a deployment would start from. */
  readonly threshold: number;
  readonly tarAtFar1e3: number;
  readonly thresholdAtFar1e3: number;
}

function accuracyAt(scores: readonly number[], same: readonly boolean[], t: number): number {
  let ok = 0;
  scores.forEach((s, i) => {
    if (s >= t === same[i]) ok++;
  });
  return ok / scores.length;
}

function bestThreshold(scores: readonly number[], same: readonly boolean[]): number {
  const sorted = [...scores].sort((x, y) => x - y);
  let best = sorted[0];
  let bestAcc = -1;
  for (let i = 0; i < sorted.length; i++) {
    const t = i === 0 ? sorted[0] - 1e-6 : (sorted[i - 1] + sorted[i]) / 2;
    const acc = accuracyAt(scores, same, t);
    if (acc > bestAcc) {
      bestAcc = acc;
      best = t;
    }
  }
  return best;
}

/** 10-fold protocol: each fold is scored with the threshold chosen on the other nine. */
export function evaluateVerification(
  pairs: readonly LfwPair[],
  scores: readonly number[],
): VerificationResult {
  const folds = [...new Set(pairs.map((p) => p.fold))];
  const accs: number[] = [];
  const foldThresholds: number[] = [];
  for (const fold of folds) {
    const trainIdx = pairs.map((p, i) => (p.fold !== fold ? i : -1)).filter((i) => i >= 0);
    const testIdx = pairs.map((p, i) => (p.fold === fold ? i : -1)).filter((i) => i >= 0);
    // A single fold (quick runs) has nothing to train on: its own best threshold, optimistic.
    const fit = trainIdx.length > 0 ? trainIdx : testIdx;
    const t = bestThreshold(
      fit.map((i) => scores[i]),
      fit.map((i) => pairs[i].same),
    );
    foldThresholds.push(t);
    accs.push(
      accuracyAt(
        testIdx.map((i) => scores[i]),
        testIdx.map((i) => pairs[i].same),
        t,
      ),
    );
  }
  const mean = accs.reduce((a, b) => a + b, 0) / accs.length;
  const std = Math.sqrt(accs.reduce((a, b) => a + (b - mean) ** 2, 0) / accs.length);
  const negatives = pairs
    .map((p, i) => (p.same ? NaN : scores[i]))
    .filter((s) => !Number.isNaN(s))
    .sort((x, y) => y - x);
  const positives = pairs.map((p, i) => (p.same ? scores[i] : NaN)).filter((s) => !Number.isNaN(s));
  // Highest threshold letting at most 0.1% of impostor pairs through.
  const allowed = Math.floor(negatives.length * 1e-3);
  const thresholdAtFar1e3 = negatives[allowed] + 1e-9;
  const tar = positives.filter((s) => s >= thresholdAtFar1e3).length / positives.length;
  return {
    accuracy: mean,
    accuracyStd: std,
    foldThresholds,
    threshold: bestThreshold(
      scores,
      pairs.map((p) => p.same),
    ),
    tarAtFar1e3: tar,
    thresholdAtFar1e3,
  };
}
