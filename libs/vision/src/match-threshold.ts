/**
 * Cosine similarity above which two L2-normalised dlib ResNet templates are the same person: the
 * best-accuracy threshold over LFW's 6000 pairs with this library's own detector, landmarks and
 * alignment (bench/vision/lfw-eval.ts; figure in docs/benchmarks.md). Matching services should
 * take their operating point from configuration; this is the measured default.
 */
export const DLIB_RESNET_MATCH_THRESHOLD = 0.9105;
