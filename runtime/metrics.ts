/**
 * Query metrics: counts, a latency histogram of fixed size (log-spaced buckets, so memory
 * never grows and recording is a few arithmetic operations), and pool figures; rendered
 * as a plain object or in the Prometheus text format.
 */

/** Buckets grow by 5%: an estimate is within 2.5% of the true percentile. */
const growth = 1.05
const smallestMs = 0.01
const bucketCount = 400 // up to ~0.01 ms * 1.05^400, about 3 000 s
const logGrowth = Math.log(growth)

export class LatencyHistogram {
  private readonly counts = new Float64Array(bucketCount)
  count = 0
  sumMs = 0

  record(ms: number): void {
    const index = ms <= smallestMs ? 0 : Math.min(bucketCount - 1, Math.ceil(Math.log(ms / smallestMs) / logGrowth))
    this.counts[index]!++
    this.count++
    this.sumMs += ms
  }

  /** The latency below which a share `q` (0..1) of the recorded ones fall, in ms (0 when empty). */
  quantile(q: number): number {
    if (this.count === 0) return 0
    const rank = Math.max(1, Math.ceil(q * this.count))
    let seen = 0
    for (let i = 0; i < bucketCount; i++) {
      seen += this.counts[i]!
      if (seen >= rank) return i === 0 ? smallestMs : smallestMs * growth ** i
    }
    return smallestMs * growth ** (bucketCount - 1)
  }
}

export interface PoolFigures {
  /** Connections open now. */
  total: number
  /** Open connections with no statement or transaction on them. */
  idle: number
  /** Callers waiting for a connection (every connection is held by a transaction). */
  waiting: number
}

export interface Metrics {
  /** Statements sent since the database was created. */
  queries: number
  /** Statements that failed. */
  errors: number
  /** Statement latency percentiles, in ms. */
  latency: { p50: number; p95: number; p99: number; p999: number }
  pool: PoolFigures
}

export function snapshot(queries: number, errors: number, histogram: LatencyHistogram, pool: PoolFigures): Metrics {
  return {
    queries,
    errors,
    latency: { p50: histogram.quantile(0.5), p95: histogram.quantile(0.95), p99: histogram.quantile(0.99), p999: histogram.quantile(0.999) },
    pool,
  }
}

/** The metrics in the Prometheus text exposition format (version 0.0.4). */
export function prometheusText(metrics: Metrics, histogram: LatencyHistogram, prefix = 'dbridge'): string {
  const seconds = (ms: number) => String(ms / 1000)
  const lines = [
    `# HELP ${prefix}_queries_total Statements sent.`,
    `# TYPE ${prefix}_queries_total counter`,
    `${prefix}_queries_total ${metrics.queries}`,
    `# HELP ${prefix}_query_errors_total Statements that failed.`,
    `# TYPE ${prefix}_query_errors_total counter`,
    `${prefix}_query_errors_total ${metrics.errors}`,
    `# HELP ${prefix}_query_duration_seconds Statement latency.`,
    `# TYPE ${prefix}_query_duration_seconds summary`,
    `${prefix}_query_duration_seconds{quantile="0.5"} ${seconds(metrics.latency.p50)}`,
    `${prefix}_query_duration_seconds{quantile="0.95"} ${seconds(metrics.latency.p95)}`,
    `${prefix}_query_duration_seconds{quantile="0.99"} ${seconds(metrics.latency.p99)}`,
    `${prefix}_query_duration_seconds{quantile="0.999"} ${seconds(metrics.latency.p999)}`,
    `${prefix}_query_duration_seconds_sum ${seconds(histogram.sumMs)}`,
    `${prefix}_query_duration_seconds_count ${histogram.count}`,
    `# HELP ${prefix}_pool_connections Open connections by state.`,
    `# TYPE ${prefix}_pool_connections gauge`,
    `${prefix}_pool_connections{state="total"} ${metrics.pool.total}`,
    `${prefix}_pool_connections{state="idle"} ${metrics.pool.idle}`,
    `# HELP ${prefix}_pool_waiting Callers waiting for a connection.`,
    `# TYPE ${prefix}_pool_waiting gauge`,
    `${prefix}_pool_waiting ${metrics.pool.waiting}`,
  ]
  return lines.join('\n') + '\n'
}
