import type { Scored } from './non-max-suppression';
import { VisionError, VisionErrorCode } from './vision-error';

const CENTER_VARIANCE = 0.1;
const SIZE_VARIANCE = 0.2;

/**
 * Decodes UltraFace `scores` [N,2] and raw `deltas` [N,4] against priors [N,4] into boxes in
 * the network input's pixels. Only anchors above `threshold` are decoded.
 */
export function decodeUltraface(
  scores: Float32Array,
  deltas: Float32Array,
  priors: Float32Array,
  inputWidth: number,
  inputHeight: number,
  threshold: number,
): Scored[] {
  const count = priors.length / 4;
  if (scores.length !== count * 2 || deltas.length !== count * 4) {
    throw new VisionError(
      VisionErrorCode.MODEL_OUTPUT_MISMATCH,
      `detector gave ${scores.length / 2} anchors, priors for ${inputWidth}x${inputHeight} are ${count}`,
    );
  }
  const out: Scored[] = [];
  for (let n = 0; n < count; n++) {
    const score = scores[n * 2 + 1];
    if (score < threshold) continue;
    const p = n * 4;
    const cx = deltas[p] * CENTER_VARIANCE * priors[p + 2] + priors[p];
    const cy = deltas[p + 1] * CENTER_VARIANCE * priors[p + 3] + priors[p + 1];
    const w = Math.exp(deltas[p + 2] * SIZE_VARIANCE) * priors[p + 2];
    const h = Math.exp(deltas[p + 3] * SIZE_VARIANCE) * priors[p + 3];
    out.push({
      score,
      box: {
        x: (cx - w / 2) * inputWidth,
        y: (cy - h / 2) * inputHeight,
        width: w * inputWidth,
        height: h * inputHeight,
      },
    });
  }
  return out;
}
