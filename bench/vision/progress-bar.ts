/** A one-line progress bar on stderr (plain log lines when stderr is not a terminal, e.g. in CI). */
export class ProgressBar {
  private readonly start = Date.now();
  private lastPrinted = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {}

  tick(done: number): void {
    const now = Date.now();
    const finished = done >= this.total;
    if (!finished && now - this.lastPrinted < (process.stderr.isTTY ? 200 : 10_000)) return;
    this.lastPrinted = now;
    const fraction = this.total > 0 ? done / this.total : 1;
    const width = 30;
    const filled = Math.round(fraction * width);
    const elapsed = (now - this.start) / 1000;
    const eta = fraction > 0 ? elapsed / fraction - elapsed : 0;
    const line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total} ${(fraction * 100).toFixed(1)}% ${elapsed.toFixed(0)}s elapsed, ~${eta.toFixed(0)}s left`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}${finished ? '\n' : ''}`);
    else process.stderr.write(`${line}\n`);
  }
}
