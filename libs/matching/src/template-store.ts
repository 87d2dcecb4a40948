/**
 * All templates of one gallery in ONE row-major Float32Array: a scan touches memory sequentially and
 * the ANN re-ranker reads a row without pointer chasing. Slots are append-only; a removed row is
 * zeroed at once (biometric data must not linger) and marked dead, and `compact()` reclaims it.
 */
export class TemplateStore {
  private data: Float32Array;
  private live: Uint8Array;
  private rows = 0;
  private liveRows = 0;

  constructor(
    readonly dimension: number,
    initialCapacity = 1024,
  ) {
    this.data = new Float32Array(Math.max(1, initialCapacity) * dimension);
    this.live = new Uint8Array(Math.max(1, initialCapacity));
  }

  /** Wraps vectors loaded from a snapshot without copying them; every row is live. */
  static fromRows(dimension: number, rows: Float32Array): TemplateStore {
    const count = rows.length / dimension;
    const store = new TemplateStore(dimension, 1);
    store.data = rows;
    store.live = new Uint8Array(count).fill(1);
    store.rows = count;
    store.liveRows = count;
    return store;
  }

  get size(): number {
    return this.rows;
  }

  get liveCount(): number {
    return this.liveRows;
  }

  get deadCount(): number {
    return this.rows - this.liveRows;
  }

  /** The backing matrix; rows past `size` are unused capacity. */
  get matrix(): Float32Array {
    return this.data;
  }

  get bytes(): number {
    return this.data.byteLength + this.live.byteLength;
  }

  append(vector: Float32Array): number {
    if (this.rows === this.live.length) this.grow();
    const slot = this.rows;
    this.data.set(vector, slot * this.dimension);
    this.live[slot] = 1;
    this.rows += 1;
    this.liveRows += 1;
    return slot;
  }

  isLive(slot: number): boolean {
    return slot >= 0 && slot < this.rows && this.live[slot] === 1;
  }

  row(slot: number): Float32Array {
    return this.data.subarray(slot * this.dimension, (slot + 1) * this.dimension);
  }

  kill(slot: number): void {
    if (!this.isLive(slot)) return;
    this.live[slot] = 0;
    this.data.fill(0, slot * this.dimension, (slot + 1) * this.dimension);
    this.liveRows -= 1;
  }

  /** Live rows packed in slot order, exactly sized: what a snapshot persists. */
  packedLiveRows(): Float32Array {
    const packed = new Float32Array(this.liveRows * this.dimension);
    let at = 0;
    for (let slot = 0; slot < this.rows; slot += 1) {
      if (this.live[slot] !== 1) continue;
      packed.set(this.row(slot), at * this.dimension);
      at += 1;
    }
    return packed;
  }

  /** Drops dead rows; returns old slot -> new slot (-1 for dropped) so owners can re-key. */
  compact(): Int32Array {
    const remap = new Int32Array(this.rows).fill(-1);
    let next = 0;
    for (let slot = 0; slot < this.rows; slot += 1) {
      if (this.live[slot] !== 1) continue;
      if (next !== slot)
        this.data.copyWithin(
          next * this.dimension,
          slot * this.dimension,
          (slot + 1) * this.dimension,
        );
      this.live[next] = 1;
      remap[slot] = next;
      next += 1;
    }
    this.live.fill(0, next, this.rows);
    this.data.fill(0, next * this.dimension, this.rows * this.dimension);
    this.rows = next;
    return remap;
  }

  private grow(): void {
    // Doubling keeps appends amortised O(1) during a replay of a million events.
    const capacity = Math.max(1024, this.live.length * 2);
    const data = new Float32Array(capacity * this.dimension);
    data.set(this.data.subarray(0, this.rows * this.dimension));
    const live = new Uint8Array(capacity);
    live.set(this.live.subarray(0, this.rows));
    this.data = data;
    this.live = live;
  }
}
