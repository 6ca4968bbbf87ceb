/**
 * The soak workload, in a process of its own so that a crash is seen (and counted) by the
 * supervisor instead of ending the benchmark:
 *
 *   node --import dbridge-cli/register bench/soak/workload.ts   (forked, with an IPC channel)
 *
 * Reads its settings from the SOAK_WORKLOAD environment variable (JSON: url, book ids,
 * author ids, a name prefix). Keeps `inFlight` calls in flight until told to stop; sends the
 * ledger a few times a second and statistics every window; on 'stop', lets the calls in
 * flight settle (those that do not are hung), closes the database and exits. With
 * SOAK_DEBUG=1 it prints every failed call's error chain to stderr, with its time.
 */
import { createDb } from '../../generated/index.js'
import { intended, pick, run, type CallContext, type Op } from './calls.js'
import { batchSize, emptyBatch, type LedgerBatch } from './ledger.js'
import { classify, Histogram, tallyKey, type ErrorTally, type Window } from './stats.js'

export interface WorkloadSettings {
  url: string
  bookIds: string[]
  authorIds: number[]
  /** Makes the names of this process's rows unique (a restarted process gets another). */
  prefix: string
  inFlight: number
  windowMs: number
  /** A call not settled after this long counts as hung. */
  hungAfterMs: number
}

/** Messages to the supervisor. */
export type WorkloadMessage =
  | { type: 'ledger'; batch: LedgerBatch }
  | {
      type: 'window'
      window: Window
      latency: [number, number][]
      errors: ErrorTally
      intended: number
      byOp: Partial<Record<Op, number>>
      unexpected: string[]
      hung: string[]
    }
  | { type: 'done'; unsettled: number }

const settings = JSON.parse(process.env.SOAK_WORKLOAD ?? 'null') as WorkloadSettings | null
if (!settings || !process.send) throw new Error('bench/soak/workload.ts is forked by the soak benchmark (SOAK_WORKLOAD and an IPC channel)')
const send = (message: WorkloadMessage) => process.send!(message)

const db = createDb({ url: settings.url, max: 10 })
const books = settings.bookIds.map((id) => BigInt(id))
let ledger = emptyBatch()
let sequence = 0
const ctx: CallContext = {
  db,
  ledger: () => ledger,
  nextName: () => `${settings.prefix}-${sequence++}`,
  randomBook: () => books[Math.floor(Math.random() * books.length)]!,
  randomAuthor: () => settings.authorIds[Math.floor(Math.random() * settings.authorIds.length)]!,
}

// What the current window has seen.
const latency = new Histogram()
let errors: ErrorTally = {}
let intendedFailures = 0
let byOp: Partial<Record<Op, number>> = {}
let unexpected: string[] = []
let hung: string[] = []
let calls = 0
let failed = 0

interface InFlight {
  readonly op: Op
  readonly start: number
  hung: boolean
}
const inFlight = new Set<InFlight>()
let stopping = false

function describeError(error: unknown): string {
  const { cls, name, code } = classify(error)
  const message = error instanceof Error ? error.message.split('\n')[0]!.slice(0, 200) : String(error)
  return `${cls} ${name} ${code}: ${message}`
}

async function oneCall(): Promise<void> {
  const op = pick()
  const call: InFlight = { op, start: performance.now(), hung: false }
  inFlight.add(call)
  try {
    await run(op, ctx)
    if (op === 'duplicate' || op === 'invalid') unexpected.push(`${op} succeeded`)
  } catch (error) {
    if (intended(op, error)) intendedFailures++
    else {
      failed++
      const classified = classify(error)
      errors[tallyKey(classified)] = (errors[tallyKey(classified)] ?? 0) + 1
      // Faults make calls fail with ConnectionError; anything else that was not the call's purpose is a finding.
      if (classified.cls !== 'ConnectionError' && unexpected.length < 20) unexpected.push(`${op}: ${describeError(error)}`)
      if (process.env.SOAK_DEBUG) {
        const chain: string[] = []
        for (let e = error as { message?: string; cause?: unknown; code?: string } | undefined, d = 0; e && d < 5; e = e.cause as typeof e, d++) chain.push(`[${e.code}] ${e.message}`)
        console.error(`DEBUG ${((performance.now() - started) / 1000).toFixed(2)} ${op} ${chain.join(' <- ')}`)
      }
    }
  } finally {
    inFlight.delete(call)
    latency.record(performance.now() - call.start)
    calls++
    byOp[op] = (byOp[op] ?? 0) + 1
  }
}

async function worker(): Promise<void> {
  while (!stopping) await oneCall()
}

const started = performance.now()
let windowStart = started
let cpuMark = process.cpuUsage()

function flushLedger(): void {
  if (batchSize(ledger) === 0) return
  send({ type: 'ledger', batch: ledger })
  ledger = emptyBatch()
}

/** Started with --expose-gc: the heap is measured after a full collection, so that it shows what stays alive. */
const gc = (globalThis as { gc?: () => void }).gc

function endWindow(): void {
  const now = performance.now()
  const cpu = process.cpuUsage(cpuMark)
  gc?.()
  // The collection's own CPU time counts in no window.
  cpuMark = process.cpuUsage()
  const memory = process.memoryUsage()
  const window: Window = {
    atMs: now - started,
    durationMs: now - windowStart,
    calls,
    failed,
    cpuUs: cpu.user + cpu.system,
    rssMb: memory.rss / 2 ** 20,
    heapMb: memory.heapUsed / 2 ** 20,
  }
  windowStart = now
  flushLedger()
  send({ type: 'window', window, latency: latency.drain(), errors, intended: intendedFailures, byOp, unexpected, hung })
  errors = {}
  intendedFailures = 0
  byOp = {}
  unexpected = []
  hung = []
  calls = 0
  failed = 0
}

/** Calls in flight longer than the deadline are hung; each is reported once. */
function findHung(): void {
  const now = performance.now()
  for (const call of inFlight) {
    if (!call.hung && now - call.start > settings!.hungAfterMs) {
      call.hung = true
      hung.push(`${call.op} unsettled after ${Math.round((now - call.start) / 1000)} s`)
    }
  }
}

const ledgerTimer = setInterval(flushLedger, 250)
const windowTimer = setInterval(endWindow, settings.windowMs)
const hungTimer = setInterval(findHung, 1000)
const workers = Array.from({ length: settings.inFlight }, worker)

process.on('message', (message: { type?: string }) => {
  if (message.type === 'stop') void stop()
})

async function stop(): Promise<void> {
  if (stopping) return
  stopping = true
  // The calls in flight settle (or are found hung); a call hung for good keeps its worker.
  const deadline = performance.now() + settings!.hungAfterMs + 5000
  while (inFlight.size > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
  findHung()
  clearInterval(ledgerTimer)
  clearInterval(windowTimer)
  clearInterval(hungTimer)
  endWindow()
  const unsettled = inFlight.size
  if (unsettled === 0) await Promise.all(workers)
  await db.close({ timeout: 5000 })
  process.send!({ type: 'done', unsettled } satisfies WorkloadMessage, () => process.disconnect())
}
