/**
 * A log-bucketed latency histogram. Millions of (subscriber, change) latencies are too many to ship between
 * processes or sort; buckets 1 % wide keep every percentile within 0.5 % of the exact value, and worker
 * histograms merge by adding counts.
 */

/** Latencies at or below this share bucket 0 (they are below what the bench can resolve anyway). */
const floorMs = 0.05;
const growth = Math.log(1.01);

export function bucketOf(latencyMs: number): number {
  if (latencyMs <= floorMs) return 0;
  return 1 + Math.floor(Math.log(latencyMs / floorMs) / growth);
}

/** A representative latency of a bucket: the geometric middle of its range. */
export function valueOf(bucket: number): number {
  if (bucket === 0) return floorMs / 2;
  return floorMs * Math.exp((bucket - 0.5) * growth);
}

export class Histogram {
  readonly counts = new Map<number, number>();
  total = 0;

  record(latencyMs: number): void {
    const bucket = bucketOf(latencyMs);
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + 1);
    this.total += 1;
  }

  merge(pairs: Iterable<[number, number]>): void {
    for (const [bucket, count] of pairs) {
      this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + count);
      this.total += count;
    }
  }

  toPairs(): Array<[number, number]> {
    return [...this.counts.entries()];
  }

  /**
   * The q-quantile (0..1) over `population` samples, where samples beyond `this.total` never arrived and
   * count as infinitely late: a percentile that falls among them is Infinity, not a flattering number.
   */
  quantile(q: number, population = this.total): number {
    if (population === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(q * population));
    if (rank > this.total) return Number.POSITIVE_INFINITY;
    let seen = 0;
    for (const bucket of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(bucket) ?? 0;
      if (seen >= rank) return valueOf(bucket);
    }
    return Number.POSITIVE_INFINITY;
  }
}
