/**
 * `npm run bench:peers`: dbridge side by side with the clients users pick instead (Drizzle,
 * Prisma, Kysely, node-postgres), against hand-written postgres.js SQL as the baseline, on
 * one seeded database. Prints the results and writes bench/results/peers.md and peers.svg.
 * `--quick` is a smoke run (its figures mean little). Uses DATABASE_URL, else an embedded
 * PostgreSQL; the database is created for the run and dropped at the end, also on failure.
 */
import { writeFileSync } from 'node:fs'
import { writeSection } from '../results-file.js'
import postgres from 'postgres'
import { createBenchDatabase, type BenchDatabase } from '../database.js'
import { measure } from '../harness.js'
import { renderChart } from './chart.js'
import { createDbridge, loadDbridge } from './clients/dbridge.js'
import { createDrizzle } from './clients/drizzle.js'
import { createKysely } from './clients/kysely.js'
import { createPg } from './clients/pg.js'
import { createPostgresJs } from './clients/postgres-js.js'
import { createPrisma } from './clients/prisma.js'
import type { Contender, WorkloadId } from './contender.js'
import { insertMany, postIdFor, seedSql } from './dataset.js'
import { generateClients, repoRoot, type GeneratedClients } from './generate.js'
import { checkGoals, goalList, perCallTable, renderReport, throughputTable, typesTable, type PerCallResult } from './report.js'
import { measureThroughput, type ThroughputResult } from './throughput.js'
import { checkSame, describeTypes } from './verify.js'
import { withCpuTime } from './cpu-time.js'
import { bytesPerCall } from './allocation.js'

const quick = process.argv.includes('--quick')
if (quick) insertMany.rows = 100
/**
 * Every client gets a pool of this size (`--pool=N`). The default is the crowded setting:
 * every client in one process, each with a pool of 10, as in an application server; a
 * smaller pool (`--pool=4`) flatters whoever allocates most, because the collector then
 * has less of everybody's garbage to walk through.
 */
const POOL = Number(process.argv.find((a) => a.startsWith('--pool='))?.slice('--pool='.length) ?? 10)

const workloads: { id: WorkloadId; name: string; timeMs?: number }[] = [
  { id: 'findById', name: 'findById' },
  { id: 'findMany', name: 'findMany 100 rows, filter + order' },
  { id: 'nested', name: '100 posts with author and 5 comments each', timeMs: quick ? 200 : 25_000 },
  { id: 'threeLevels', name: '20 users, 10 posts each, 5 comments each', timeMs: quick ? 200 : 20_000 },
  { id: 'insertOne', name: 'insert one' },
  { id: 'insertMany', name: `insertMany ${insertMany.rows.toLocaleString('en-US')} rows`, timeMs: quick ? 200 : 40_000 },
  { id: 'update', name: 'update by id' },
]
const nestedWorkloads = workloads.filter((w) => w.id === 'nested' || w.id === 'threeLevels').map((w) => w.name)
const timing = { warmupMs: quick ? 50 : 1000, timeMs: quick ? 200 : 15_000 }
const throughputOptions = { calls: quick ? 1000 : 10_000, inFlight: 32, rounds: quick ? 1 : 7, warmupCalls: quick ? 200 : 2000, idFor: postIdFor }
const THROUGHPUT = `${throughputOptions.calls.toLocaleString('en-US')} findById, ${throughputOptions.inFlight} in flight`

let generated: GeneratedClients | undefined
let database: BenchDatabase | undefined
const contenders: Contender[] = []

async function cleanUp(): Promise<void> {
  const closing = contenders.splice(0).map((c) => c.close().catch((error: unknown) => console.error(`closing ${c.library}:`, error)))
  await Promise.all(closing)
  await database?.drop()
  database = undefined
  generated?.remove()
  generated = undefined
}

process.once('SIGINT', () => {
  console.error('interrupted: dropping the benchmark database')
  void cleanUp().finally(() => process.exit(130))
})

async function seed(url: string): Promise<string> {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    await sql.unsafe(seedSql)
    const [row] = await sql<{ version: string }[]>`select current_setting('server_version') as version`
    return row!.version
  } finally {
    await sql.end()
  }
}

async function main(): Promise<void> {
  const started = performance.now()
  generated = generateClients()
  database = await createBenchDatabase(generated.schemaSql)
  const serverVersion = await seed(database.url)
  const options = { url: database.url, max: POOL }
  const dbridgeModule = await loadDbridge(generated.dbridgeIndex)
  contenders.push(
    await createPostgresJs(options),
    createDbridge(dbridgeModule, options),
    createDrizzle(options),
    await createPrisma(generated.prismaClient, options),
    createKysely(options),
    createPg(options),
  )
  console.log(`set up in ${((performance.now() - started) / 1000).toFixed(1)} s; PostgreSQL ${serverVersion}, pool of ${POOL} per client\n`)

  const perCall: PerCallResult[] = []
  const samples: Partial<Record<WorkloadId, { client: string; result: unknown }[]>> = {}
  const runWorkload = async (workload: (typeof workloads)[number]) => {
    const variants = contenders.flatMap((c) => c.workloads[workload.id] ?? [])
    // Same arguments (cycle 0) for every variant; the results must agree before anything is timed.
    const results: { name: string; result: unknown }[] = []
    for (const v of variants) results.push({ name: v.name, result: await v.run(0) })
    checkSame(workload.id, results)
    samples[workload.id] = contenders.map((c) => ({
      client: c.library,
      result: results.find((r) => r.name === c.workloads[workload.id]?.[0]?.name)?.result,
    }))
    const start = performance.now()
    const cpu = withCpuTime(variants)
    const timed = await measure({ name: workload.name, variants: cpu.variants, timeMs: workload.timeMs }, timing)
    // Allocation per call, each variant alone (sequential calls, after the timed ones warmed everything up).
    const bytes = new Map<string, number>()
    const heavy = workload.id === 'insertMany' || workload.id === 'nested' || workload.id === 'threeLevels'
    for (const v of variants) bytes.set(v.name, await bytesPerCall(v.run, { calls: heavy ? 5 : 50, windows: quick ? 3 : 9 }))
    const measured = timed.map((r) => ({ ...r, cpuUs: cpu.medianUs(r.variant), bytesPerCall: bytes.get(r.variant) ?? Number.NaN }))
    perCall.push(...measured)
    console.log(`${perCallTable(measured)}\n(${((performance.now() - start) / 1000).toFixed(1)} s)\n`)
  }

  for (const workload of workloads) await runWorkload(workload)
  // Last: it is the only workload with more calls in flight than connections, and after it
  // every postgres.js pool pays for the pipelined calls it has run (see the notes in peers.md),
  // which would tilt the sequential workloads against the clients built on postgres.js.
  const throughputStart = performance.now()
  const throughput: ThroughputResult[] = await measureThroughput(
    contenders.flatMap((c) => c.lookups),
    throughputOptions,
  )
  console.log(
    `${throughputTable(throughput, throughputOptions.calls, throughputOptions.inFlight)}\n(${((performance.now() - throughputStart) / 1000).toFixed(1)} s)\n`,
  )

  const types = contenders.map((c) => ({
    client: c.library,
    types: describeTypes(samples.findById?.find((s) => s.client === c.library)?.result, samples.nested?.find((s) => s.client === c.library)?.result),
  }))
  const goals = checkGoals(perCall, throughput, THROUGHPUT, nestedWorkloads)
  const date = new Date().toISOString().slice(0, 10)
  const report = renderReport({
    date,
    quick,
    repoRoot,
    serverVersion,
    server: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded server',
    pool: POOL,
    perCall,
    throughputName: THROUGHPUT,
    throughput,
    calls: throughputOptions.calls,
    inFlight: throughputOptions.inFlight,
    goals,
    types,
  })
  console.log('## Goals\n\n' + goalList(goals) + '\n\n## Runtime types returned\n\n' + typesTable(types) + '\n')

  const bars = [
    ...perCall.map((r) => ({ workload: r.workload, variant: r.variant, ratio: r.ratio })),
    ...throughput.map((r) => ({ workload: THROUGHPUT, variant: r.variant, ratio: r.ratio })),
  ]
  writeFileSync(new URL('../results/peers.md', import.meta.url), report)
  // The whole report is in peers.md; latest.md, which gathers every benchmark, gets its tables.
  writeSection('peers', `## Beside the peers (npm run bench:peers, ${date}${quick ? ', quick run' : ''})\n\nFull report: peers.md.\n\n` + report.slice(report.indexOf('| workload')).split('\n## Goals')[0])
  writeFileSync(
    new URL('../results/peers.svg', import.meta.url),
    renderChart(bars, `dbridge and its peers: median time as a ratio to hand-written postgres.js (${date}${quick ? ', quick run' : ''})`),
  )
  console.log(`wrote bench/results/peers.md and peers.svg in ${((performance.now() - started) / 1000).toFixed(0)} s in total`)
}

try {
  await main()
} catch (error) {
  process.exitCode = 1
  console.error(error)
} finally {
  await cleanUp()
}
