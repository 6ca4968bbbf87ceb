/**
 * `npm run bench:types [-- --quick] [-- --sizes=50,200] [-- --keep]`: what the types and the
 * generator cost, dbridge (in both emit modes) against Drizzle and Prisma, on synthetic schemas
 * of 50, 200 and 500 tables. Prints a markdown report and writes it to bench/results/types.md.
 *
 * The machine is shared and noisy: every figure is a median of several runs, and the
 * type checks of the clients are interleaved (one of each per round, in a shuffled
 * order) so that a busy minute does not land on one client only.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { dbridgeFileSource } from './emit-dbridge.js'
import { median } from '../harness.js'
import { countLines, dbridgeGenerate, dbridgeGenerateCold, prismaGenerate, typecheck, watchLatencies, type TscResult } from './measure.js'
import { clientNames, dbridgeGenerateArgs, writeBaselineProject, writeProjects, type ClientName, type Project } from './projects.js'
import { report, type Environment, type GenerateTimes, type SizeResult, type TypecheckRow } from './report.js'
import { fileName, syntheticSchema } from './synthetic.js'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const args = process.argv.slice(2)
const quick = args.includes('--quick')
const keep = args.includes('--keep')
const sizesArg = args.find((a) => a.startsWith('--sizes='))
const sizes = sizesArg ? sizesArg.slice('--sizes='.length).split(',').map(Number) : quick ? [50] : [50, 200, 500]
if (sizes.some((size) => !Number.isInteger(size) || size < 12)) throw new Error('--sizes takes table counts of at least 12, e.g. --sizes=50,200')
/** Repetitions of every timed measurement: more where a run is short, fewer at 500 tables. */
const runsFor = (tables: number) => (quick ? 1 : tables <= 200 ? 5 : 3)

const version = (pkg: string) => (JSON.parse(readFileSync(join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version
const log = (line: string) => process.stderr.write(line + '\n')

function shuffled<T>(items: T[]): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
  }
  return copy
}

/** Cold runs, then runs after editing one table (a different new column each time). */
async function measureDbridgeGenerate(project: Project, runs: number): Promise<GenerateTimes> {
  const label = `dbridge${project.client === 'dbridge-js' ? " (emit: 'js')" : ''}`
  const args = dbridgeGenerateArgs(project.client)
  const cold: number[] = []
  for (let r = 0; r < runs; r++) cold.push(dbridgeGenerateCold(repoRoot, project.dir, args))
  log(`  ${label} generate cold: ${cold.map(Math.round).join(', ')} ms`)
  // The edit adds a nullable column to the first table (schema/part000.schema.ts).
  const specs = syntheticSchema(project.tables)
  const file = join(project.dir, `schema/${fileName(0)}.schema.ts`)
  const original = readFileSync(file, 'utf8')
  const edited = (n: number) => dbridgeFileSource(0, specs, `  extra${n}: t.text().nullable(),`)
  const changed: number[] = []
  try {
    for (let r = 0; r < runs; r++) {
      writeFileSync(file, edited(r))
      changed.push(dbridgeGenerate(repoRoot, project.dir, args))
    }
    log(`  ${label} generate, one table changed: ${changed.map(Math.round).join(', ')} ms`)
  } finally {
    writeFileSync(file, original)
  }
  const watch = await watchLatencies(repoRoot, project.dir, file, (n) => edited(100 + n), quick ? 3 : 2 * runs + 1, args)
  log(`  ${label} watch, one table changed: ${watch.map(Math.round).join(', ')} ms`)
  dbridgeGenerate(repoRoot, project.dir, args) // back to the original schema's output for the type check
  return { coldMs: median(cold), changedMs: median(changed), watchMs: median(watch) }
}

async function measureSize(root: string, tables: number): Promise<SizeResult> {
  log(`${tables} tables: writing the projects`)
  const projects = writeProjects(join(root, `n${tables}`), tables, repoRoot)
  const project = (client: ClientName) => projects.find((p) => p.client === client)!
  const runs = runsFor(tables)
  const dbridgeGenerateTimes = await measureDbridgeGenerate(project('dbridge'), runs)
  const dbridgeJsGenerateTimes = await measureDbridgeGenerate(project('dbridge-js'), runs)
  const prisma: number[] = []
  for (let r = 0; r < runs; r++) prisma.push(prismaGenerate(repoRoot, project('prisma').dir, root))
  log(`  prisma generate: ${prisma.map(Math.round).join(', ')} ms`)

  const full = new Map<ClientName, TscResult[]>(clientNames.map((c) => [c, []]))
  for (let r = 0; r < runs; r++) {
    for (const client of shuffled(clientNames)) {
      const result = typecheck(repoRoot, project(client).dir)
      full.get(client)!.push(result)
      log(`  tsc ${client}: ${result.cpuS.toFixed(2)} s CPU, ${result.totalS.toFixed(2)} s total, ${result.checkS.toFixed(2)} s check, ${result.instantiations} instantiations`)
    }
  }
  // Instantiation counts do not vary between runs: one run of each empty consumer is enough.
  const typecheckRows: TypecheckRow[] = clientNames.map((client) => {
    const results = full.get(client)!
    const empty = typecheck(repoRoot, project(client).dir, 'tsconfig.empty.json')
    return {
      client,
      cpuS: median(results.map((r) => r.cpuS)),
      totalS: median(results.map((r) => r.totalS)),
      checkS: median(results.map((r) => r.checkS)),
      memoryMb: median(results.map((r) => r.memoryMb)),
      instantiations: results[0]!.instantiations,
      emptyInstantiations: empty.instantiations,
      generatedLines: client === 'drizzle' ? undefined : countLines(join(project(client).dir, 'generated')),
    }
  })
  return { tables, runs, typecheck: typecheckRows, dbridgeGenerate: dbridgeGenerateTimes, dbridgeJsGenerate: dbridgeJsGenerateTimes, prismaGenerateMs: median(prisma) }
}

async function main(): Promise<void> {
  const root = join(tmpdir(), `dbridge-typecost-${process.pid}`)
  const env: Environment = {
    date: new Date().toISOString().slice(0, 10),
    quick,
    typescript: version('typescript'),
    drizzle: version('drizzle-orm'),
    prisma: version('prisma'),
    loadAtStart: loadavg(),
    baseline: { totalS: 0, cpuS: 0 },
  }
  const results: SizeResult[] = []
  try {
    const baselineDir = writeBaselineProject(root, repoRoot)
    const baseline = Array.from({ length: quick ? 1 : 3 }, () => typecheck(repoRoot, baselineDir))
    env.baseline = { totalS: median(baseline.map((b) => b.totalS)), cpuS: median(baseline.map((b) => b.cpuS)) }
    log(`baseline (no ORM): ${env.baseline.totalS.toFixed(2)} s total, ${env.baseline.cpuS.toFixed(2)} s CPU`)
    for (const tables of sizes) {
      results.push(await measureSize(root, tables))
      // Write after every size, so a long run that is stopped still leaves what it measured.
      writeFileSync(join(repoRoot, 'bench/results/types.md'), report(env, results))
    }
  } finally {
    if (!keep) rmSync(root, { recursive: true, force: true })
    else log(`projects kept in ${root}`)
  }
  process.stdout.write(report(env, results))
}

await main()
