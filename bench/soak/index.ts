/**
 * The soak benchmark (`npm run bench -- --only=soak`, `--quick` for a 60 s run): a long
 * run of mixed calls under faults, checked for crashes, hung calls, lost or resurrected
 * writes and error classes, with the cost per call and the memory over time; then a
 * lookup phase comparing CPU per call of dbridge and postgres.js over many windows.
 *
 * The pieces: server.ts (a throwaway embedded PostgreSQL), seed.ts, workload.ts (the child
 * process) with calls.ts, supervisor.ts (runs the child, counts crashes), faults.ts
 * (terminations and the restart), ledger.ts and verify.ts (what must be in the database),
 * lookup-worker.ts (the lookup phase), report.ts.
 */
import postgres from 'postgres'
import { FaultInjector } from './faults.js'
import { runLookups } from './lookups.js'
import { checks, renderReport, type SoakFindings } from './report.js'
import { createSoakDatabase, seed } from './seed.js'
import { SoakServer } from './server.js'
import { Supervisor } from './supervisor.js'
import { verify } from './verify.js'

export interface SoakResult {
  markdown: string
  /** Every check passed. */
  ok: boolean
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export async function soakBenchmark(options: { quick: boolean; minutes?: number }): Promise<SoakResult> {
  const quick = options.quick
  const durationMs = (options.minutes ?? (quick ? 1 : 10)) * 60_000
  const inFlight = 32
  const pool = 10
  const server = await SoakServer.start()
  try {
    const settings = await server.settings()
    const database = 'soak'
    await createSoakDatabase(server.databaseUrl('postgres'), database)
    const url = server.databaseUrl(database)
    const seeded = await seed(url)
    const serverVersion = await version(url)

    const runId = 'w'
    const supervisor = new Supervisor({ url, ...seeded, inFlight, windowMs: quick ? 5_000 : 10_000, hungAfterMs: 30_000 }, runId)
    const faults = new FaultInjector(server, database, { minKillMs: 2_000, maxKillMs: 5_000, restartAtMs: durationMs * 0.45 })
    console.log(`soak: ${durationMs / 1000} s of calls under faults...`)
    supervisor.start()
    faults.start()
    await sleep(durationMs)
    await faults.stop()
    await supervisor.stop()
    const verification = await verify(url, supervisor.ledger, runId)

    console.log('soak: lookup phase...')
    const lookupSettings = { url, bookIds: seeded.bookIds, total: quick ? 40_000 : 400_000, windows: quick ? 8 : 20, inFlight, pool }
    const lookups = await runLookups({ ...lookupSettings, variants: ['dbridge', 'postgres.js'] })
    // dbridge again, alone in its process: what it costs without another client's garbage and queues beside it.
    const alone = await runLookups({ ...lookupSettings, variants: ['dbridge'] })

    const findings: SoakFindings = { quick, durationMs, inFlight, pool, serverVersion, settings, supervisor, faults: faults.log, verification, lookups, alone }
    return { markdown: renderReport(findings), ok: checks(findings).every((check) => check.ok) }
  } finally {
    await server.stop()
  }
}

async function version(url: string): Promise<string> {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    const [row] = await sql<{ server_version: string }[]>`show server_version`
    return row!.server_version
  } finally {
    await sql.end()
  }
}
