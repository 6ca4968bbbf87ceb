/**
 * Node CPU time per call, beside the wall time the harness measures. On a shared 2-core
 * machine, wall time also depends on where the scheduler puts each pool's PostgreSQL
 * backend (same core as Node or not), a bias that lasts for seconds per connection; the
 * process's own CPU time per call is the client's cost alone and does not move with it.
 */
import type { Variant } from '../harness.js'

export interface CpuTimed {
  variants: Variant[]
  /** Median user + system µs per call of a variant (warm-up calls included; the median ignores them). */
  medianUs(name: string): number
}

export function withCpuTime(variants: Variant[]): CpuTimed {
  const samples = new Map(variants.map((v) => [v.name, [] as number[]]))
  const timed = variants.map((v) => ({
    ...v,
    run: async (i: number) => {
      const start = process.cpuUsage()
      const result = await v.run(i)
      const used = process.cpuUsage(start)
      samples.get(v.name)!.push(used.user + used.system)
      return result
    },
  }))
  return {
    variants: timed,
    medianUs(name) {
      const sorted = [...(samples.get(name) ?? [])].sort((a, b) => a - b)
      return sorted.length === 0 ? Number.NaN : sorted[Math.floor((sorted.length - 1) / 2)]!
    },
  }
}
