/**
 * Interleaved measurement: tinybench drives the cycles (warm-up, time budget); each cycle
 * calls every variant of a workload once, in a shuffled order, so the machine's drift hits
 * all variants alike. Report medians, p99 and the ratio to the baseline.
 */
import { Bench } from 'tinybench'

export interface Variant {
  name: string
  /** Runs one call; `i` is the cycle number (the same for every variant in a cycle). */
  run: (i: number) => PromiseLike<unknown>
  /** Counts as a baseline: ratios are against the fastest baseline. */
  baseline?: boolean
}

export interface Workload {
  name: string
  variants: Variant[]
  /** Per-call time budget: cycles run until this many ms have passed. */
  timeMs?: number
}

export interface VariantResult {
  workload: string
  variant: string
  baseline: boolean
  samples: number
  medianUs: number
  p99Us: number
  ratio: number
}

/** A copy of `items` in random order (Fisher-Yates). */
export function shuffle<T>(items: T[]): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/** The median: the middle value, or the mean of the two middle ones. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** The lower median: always one of the values (the lower middle one of an even count). */
export function lowerMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor((sorted.length - 1) / 2)]!
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[index]!
}

export async function measure(workload: Workload, options: { warmupMs: number; timeMs: number }): Promise<VariantResult[]> {
  const samples = new Map(workload.variants.map((v) => [v.name, [] as number[]]))
  let cycle = 0
  const runCycle = async (record: boolean) => {
    for (const variant of shuffle(workload.variants)) {
      const start = process.hrtime.bigint()
      await variant.run(cycle)
      const elapsed = Number(process.hrtime.bigint() - start) / 1000
      if (record) samples.get(variant.name)!.push(elapsed)
    }
    cycle++
  }
  // Warm-up: every statement prepared on every pooled connection before timing.
  const warmUntil = performance.now() + options.warmupMs
  for (let i = 0; i < 20 || performance.now() < warmUntil; i++) await runCycle(false)
  const bench = new Bench({ time: workload.timeMs ?? options.timeMs, iterations: 10, warmup: false, throws: true })
  bench.add(workload.name, () => runCycle(true))
  await bench.run()
  const stats = workload.variants.map((v) => {
    const sorted = samples.get(v.name)!.sort((a, b) => a - b)
    return { v, sorted, median: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) }
  })
  const baseline = Math.min(...stats.filter((s) => s.v.baseline).map((s) => s.median))
  return stats.map((s) => ({
    workload: workload.name,
    variant: s.v.name,
    baseline: s.v.baseline === true,
    samples: s.sorted.length,
    medianUs: s.median,
    p99Us: s.p99,
    ratio: s.median / baseline,
  }))
}

export function markdownTable(results: VariantResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.workload} | ${r.variant}${r.baseline ? ' (baseline)' : ''} | ${r.medianUs.toFixed(0)} | ${r.p99Us.toFixed(0)} | ${r.ratio.toFixed(2)} | ${r.samples} |`,
  )
  return ['| workload | variant | median µs | p99 µs | ratio | samples |', '|---|---|---:|---:|---:|---:|', ...rows].join('\n')
}
