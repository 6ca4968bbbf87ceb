/**
 * Throughput: a fixed number of primary-key lookups with a fixed number in flight (each
 * worker awaits its lookup, then takes the next id). A round runs every client once, in a
 * shuffled order, so drift on the shared machine hits all clients alike; the result per
 * client is the median of its round times, and the spread of its ratio: each round's time
 * over the baseline's in the same round, lowest and highest.
 */
import { lowerMedian as median, shuffle } from '../harness.js'

export interface Lookup {
  name: string
  findById: (id: bigint) => PromiseLike<unknown>
  baseline?: boolean
}

export interface ThroughputResult {
  variant: string
  baseline: boolean
  rounds: number
  medianMs: number
  slowestMs: number
  callsPerSecond: number
  /** Node CPU time (user + system) per lookup, median of the rounds: what the client itself costs. */
  cpuUsPerCall: number
  ratio: number
  /** The lowest and highest ratio of a round (its time over the baseline's in that round). */
  ratioRange: readonly [number, number]
}

export interface ThroughputOptions {
  calls: number
  inFlight: number
  rounds: number
  /** A round of this many calls per client first, untimed, so every connection has its statements prepared. */
  warmupCalls: number
  /** The id of the n-th lookup. */
  idFor: (n: number) => bigint
}

async function runLookups(lookup: Lookup, calls: number, inFlight: number, idFor: (n: number) => bigint): Promise<{ ms: number; cpuUs: number }> {
  let next = 0
  const worker = async () => {
    while (next < calls) await lookup.findById(idFor(next++))
  }
  const cpu = process.cpuUsage()
  const start = process.hrtime.bigint()
  await Promise.all(Array.from({ length: inFlight }, worker))
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  const used = process.cpuUsage(cpu)
  return { ms, cpuUs: used.user + used.system }
}


export async function measureThroughput(lookups: Lookup[], options: ThroughputOptions): Promise<ThroughputResult[]> {
  for (const lookup of lookups) await runLookups(lookup, options.warmupCalls, options.inFlight, options.idFor)
  const rounds = new Map(lookups.map((l) => [l.name, [] as { ms: number; cpuUs: number }[]]))
  for (let round = 0; round < options.rounds; round++) {
    for (const lookup of shuffle(lookups)) rounds.get(lookup.name)!.push(await runLookups(lookup, options.calls, options.inFlight, options.idFor))
  }
  const stats = lookups.map((l) => {
    const measured = rounds.get(l.name)!
    const sorted = measured.map((r) => r.ms).sort((a, b) => a - b)
    return { l, sorted, median: median(sorted), cpu: median(measured.map((r) => r.cpuUs)) }
  })
  const baseline = Math.min(...stats.filter((s) => s.l.baseline).map((s) => s.median))
  // Per round, the fastest baseline of that round.
  const baselines = lookups.filter((l) => l.baseline).map((l) => rounds.get(l.name)!)
  const roundBaseline = (round: number) => Math.min(...baselines.map((b) => b[round]!.ms))
  const ratioRange = (name: string): [number, number] => {
    const ratios = rounds.get(name)!.map((r, round) => r.ms / roundBaseline(round))
    return [Math.min(...ratios), Math.max(...ratios)]
  }
  return stats.map((s) => ({
    variant: s.l.name,
    baseline: s.l.baseline === true,
    rounds: s.sorted.length,
    medianMs: s.median,
    slowestMs: s.sorted.at(-1)!,
    callsPerSecond: options.calls / (s.median / 1000),
    cpuUsPerCall: s.cpu / options.calls,
    ratio: s.median / baseline,
    ratioRange: ratioRange(s.l.name),
  }))
}
