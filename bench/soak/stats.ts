/**
 * What the soak counts: call latencies in a histogram that can be sent between processes
 * and merged, errors by class and code, and the windows of CPU time and memory that show
 * whether the cost of a call stays flat over the run.
 */
import { ConnectionError, DbError, ValidationError } from 'dbridge'

/** Log-spaced buckets 2% apart from 0.01 ms: a quantile is within 1% of the true one. */
const growth = 1.02
const smallestMs = 0.01
const logGrowth = Math.log(growth)

/** Latencies as bucket index -> count (only the buckets used), mergeable and serializable. */
export class Histogram {
  readonly counts = new Map<number, number>()
  count = 0

  record(ms: number): void {
    const index = ms <= smallestMs ? 0 : Math.ceil(Math.log(ms / smallestMs) / logGrowth)
    this.counts.set(index, (this.counts.get(index) ?? 0) + 1)
    this.count++
  }

  merge(buckets: readonly (readonly [number, number])[]): void {
    for (const [index, count] of buckets) {
      this.counts.set(index, (this.counts.get(index) ?? 0) + count)
      this.count += count
    }
  }

  /** The buckets used, to send to another process; empties the histogram. */
  drain(): [number, number][] {
    const buckets = [...this.counts]
    this.counts.clear()
    this.count = 0
    return buckets
  }

  /** The latency below which a share `q` of the calls fall, in ms (NaN when empty). */
  quantile(q: number): number {
    if (this.count === 0) return Number.NaN
    const rank = Math.max(1, Math.ceil(q * this.count))
    let seen = 0
    for (const index of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(index)!
      if (seen >= rank) return smallestMs * growth ** index
    }
    return Number.NaN
  }
}

/** The classes the report groups errors by; 'other' is anything that is not a DbError. */
export type ErrorClass = 'ConnectionError' | 'DbError' | 'ValidationError' | 'other'

export interface ClassifiedError {
  readonly cls: ErrorClass
  /** The error's own class name (UniqueViolationError, TimeoutError, ...). */
  readonly name: string
  /** The SQLSTATE, or 'none'. */
  readonly code: string
  /** The code of the driver's or the socket's error it was made from (ECONNREFUSED, CONNECTION_CLOSED, ...), or ''. */
  readonly cause: string
  /** The first word of the statement that failed (BEGIN, COMMIT, INSERT, ...), or ''. */
  readonly statement: string
}

/** The innermost driver or socket error code under `error`. */
function causeCode(error: unknown): string {
  let code = ''
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const c = (e as { code?: unknown }).code
    if (depth > 0 && typeof c === 'string') code = c
  }
  return code
}

/** The first word of the SQL of the innermost DbError under `error` that names one. */
function statementOf(error: unknown): string {
  let sql = ''
  for (let e = error, depth = 0; e instanceof DbError && depth < 5; e = e.cause, depth++) if (e.sql) sql = e.sql
  return sql.trim().split(/\s/)[0]!.toUpperCase()
}

export function classify(error: unknown): ClassifiedError {
  const name = error instanceof Error ? error.constructor.name : typeof error
  const code = error instanceof DbError ? (error.code ?? 'none') : 'none'
  const found = { name, code, cause: causeCode(error), statement: statementOf(error) }
  if (error instanceof ConnectionError) return { cls: 'ConnectionError', ...found }
  if (error instanceof ValidationError) return { cls: 'ValidationError', ...found }
  if (error instanceof DbError) return { cls: 'DbError', ...found }
  return { cls: 'other', ...found }
}

/** Counts keyed by `class|name|code|cause|statement`. */
export type ErrorTally = Record<string, number>

export function tallyKey(error: ClassifiedError): string {
  return `${error.cls}|${error.name}|${error.code}|${error.cause}|${error.statement}`
}

export function addTally(into: ErrorTally, from: ErrorTally): void {
  for (const [key, count] of Object.entries(from)) into[key] = (into[key] ?? 0) + count
}

/** One stretch of the workload: calls settled in it, this process's CPU time, memory at its end. */
export interface Window {
  /** Milliseconds since the workload started, at the window's end. */
  atMs: number
  durationMs: number
  calls: number
  failed: number
  cpuUs: number
  rssMb: number
  /** The JavaScript heap after a full collection: what stays alive. */
  heapMb: number
}

/** CPU µs per call over a set of windows. */
export function cpuPerCall(windows: readonly Window[]): number {
  const calls = windows.reduce((sum, w) => sum + w.calls, 0)
  return calls === 0 ? Number.NaN : windows.reduce((sum, w) => sum + w.cpuUs, 0) / calls
}

/** The windows whose end falls in [fromMs, toMs). */
export function windowsBetween(windows: readonly Window[], fromMs: number, toMs: number): Window[] {
  return windows.filter((w) => w.atMs > fromMs && w.atMs <= toMs)
}
