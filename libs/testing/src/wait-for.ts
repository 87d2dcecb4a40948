/** Polls until `probe` returns a value that passes `done`, or fails with the last value seen. */
export async function waitFor<T>(
  probe: () => Promise<T> | T,
  done: (value: T) => boolean,
  {
    timeoutMs = 30_000,
    intervalMs = 100,
    what = 'condition',
  }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (done(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Polls until `probe`'s size has stayed the same, and above zero, for `stableForMs`: for streams
 * with no end marker, such as the tracks that close one by one after a video ends.
 */
export async function waitUntilStable<T extends { readonly length: number }>(
  probe: () => Promise<T>,
  {
    stableForMs,
    timeoutMs = 120_000,
    what = 'a stable result',
  }: {
    stableForMs: number;
    timeoutMs?: number;
    what?: string;
  },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  let stableSince = Date.now();
  for (;;) {
    if (last.length > 0 && Date.now() - stableSince >= stableForMs) return last;
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}; last size ${last.length}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const next = await probe();
    if (next.length !== last.length) stableSince = Date.now();
    last = next;
  }
}
