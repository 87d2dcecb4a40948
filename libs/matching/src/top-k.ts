export interface SlotHit {
  readonly slot: number;
  readonly score: number;
}

/**
 * Keeps the k best (score, slot) pairs seen so far. k is small (tens), so an insertion-sorted array
 * beats a heap. Ties go to the lower slot so results never depend on scan order.
 */
export class TopK {
  private readonly slots: number[] = [];
  private readonly scores: number[] = [];

  constructor(
    private readonly k: number,
    private readonly minScore: number,
  ) {}

  /** The score a candidate must reach to be kept; lets the scan skip work cheaply. */
  get floor(): number {
    return this.scores.length < this.k ? this.minScore : this.scores[this.scores.length - 1];
  }

  offer(slot: number, score: number): void {
    if (score < this.minScore) return;
    const size = this.scores.length;
    if (size === this.k && !this.beats(score, slot, size - 1)) return;
    let at = size === this.k ? size - 1 : size;
    while (at > 0 && this.beats(score, slot, at - 1)) {
      this.scores[at] = this.scores[at - 1];
      this.slots[at] = this.slots[at - 1];
      at -= 1;
    }
    this.scores[at] = score;
    this.slots[at] = slot;
  }

  result(): SlotHit[] {
    return this.slots.map((slot, i) => ({ slot, score: this.scores[i] }));
  }

  private beats(score: number, slot: number, index: number): boolean {
    const other = this.scores[index];
    return score > other || (score === other && slot < this.slots[index]);
  }
}
