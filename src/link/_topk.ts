/**
 * A bounded top-k of (score, order) pairs: higher score first, then lower order index (newer
 * date, earlier position). Offering costs O(k) at worst; nothing beyond k is kept.
 */
export class TopK {
  readonly k: number;
  readonly score: Float64Array;
  readonly order: Int32Array;
  size = 0;

  constructor(k: number) {
    this.k = k;
    this.score = new Float64Array(k);
    this.order = new Int32Array(k);
  }

  clear(): void {
    this.size = 0;
  }

  get full(): boolean {
    return this.size === this.k;
  }

  /** The k-th score (only meaningful when full). */
  get threshold(): number {
    return this.score[this.k - 1] as number;
  }

  /** Keeps (score, order) if it belongs in the top k. */
  offer(score: number, order: number): void {
    if (this.k === 0) return;
    if (this.size === this.k) {
      const last = this.k - 1;
      if (!before(score, order, this.score[last] as number, this.order[last] as number)) return;
      this.size--;
    }
    let i = this.size;
    while (i > 0 && before(score, order, this.score[i - 1] as number, this.order[i - 1] as number)) {
      this.score[i] = this.score[i - 1] as number;
      this.order[i] = this.order[i - 1] as number;
      i--;
    }
    this.score[i] = score;
    this.order[i] = order;
    this.size++;
  }
}

function before(score: number, order: number, otherScore: number, otherOrder: number): boolean {
  return score > otherScore || (score === otherScore && order < otherOrder);
}
