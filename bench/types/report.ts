/** The markdown report of `npm run bench:types`: the figures per size, then the goals. */
import { cpus } from 'node:os'
import { queryCount } from './consumer.js'
import type { ClientName } from './projects.js'

export interface TypecheckRow {
  client: ClientName
  /** CPU time of the whole tsc process, the steadiest time on a shared machine. */
  cpuS: number
  totalS: number
  checkS: number
  memoryMb: number
  instantiations: number
  /** Instantiations of the same project with an empty consumer. */
  emptyInstantiations: number
  generatedLines?: number
}

/** `dbridge generate` of one project: cold, one table changed (a new process), one table changed in watch mode. */
export interface GenerateTimes {
  coldMs: number
  changedMs: number
  watchMs: number
}

export interface SizeResult {
  tables: number
  runs: number
  typecheck: TypecheckRow[]
  dbridgeGenerate: GenerateTimes
  /** The same with `emit: 'js'`. */
  dbridgeJsGenerate: GenerateTimes
  prismaGenerateMs: number
}

/** How each client is named in the tables. */
export const clientLabels: Record<ClientName, string> = {
  dbridge: 'dbridge',
  'dbridge-js': "dbridge (emit: 'js')",
  drizzle: 'drizzle',
  prisma: 'prisma',
}

export interface Environment {
  date: string
  quick: boolean
  typescript: string
  drizzle: string
  prisma: string
  loadAtStart: number[]
  /** tsc on a project without any client (Node's types only): the floor under every figure. */
  baseline: { totalS: number; cpuS: number }
}

const s = (ms: number) => (ms / 1000).toFixed(2)
const n = (value: number) => Math.round(value).toLocaleString('en-US')

export function header(env: Environment): string[] {
  const cpu = cpus()
  return [
    `Measured ${env.date}${env.quick ? ' (--quick: single runs)' : ''} on ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ` +
      `Node ${process.version}, TypeScript ${env.typescript}, drizzle-orm ${env.drizzle}, Prisma ${env.prisma}; ` +
      `load average at start ${env.loadAtStart.map((l) => l.toFixed(2)).join(' ')} (the machine is shared).`,
    '',
    `Each project: the synthetic schema (bench/types/synthetic.ts) and a consumer of the same ${queryCount} queries, ` +
      '`tsc --noEmit --extendedDiagnostics`, strict, skipLibCheck, NodeNext, the clients interleaved; ' +
      "dbridge twice: its default output (`.ts` modules) and `emit: 'js'` (`.js` with `.d.ts`, which skipLibCheck reads without checking). " +
      'Times are medians (runs: see the generate table); "tsc CPU" is the process\'s CPU time (all threads, ' +
      'garbage collection included), steadier than wall time on a shared machine; ' +
      'instantiations are exact. "per query" = (instantiations - those of the same project with an empty consumer) / ' +
      `${queryCount}. Generated lines: the .ts files the generator wrote (with emit 'js': the .d.ts). A project without any client ` +
      `(Node's types only) takes ${env.baseline.totalS.toFixed(2)} s total, ${env.baseline.cpuS.toFixed(2)} s CPU: the floor under every row.`,
  ]
}

export function typecheckTable(results: SizeResult[]): string[] {
  const lines = [
    '| tables | client | tsc total s | check s | tsc CPU s | memory MB | instantiations | without queries | per query | generated lines |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ]
  for (const result of results) {
    for (const row of result.typecheck) {
      const perQuery = (row.instantiations - row.emptyInstantiations) / queryCount
      lines.push(
        `| ${result.tables} | ${clientLabels[row.client]} | ${row.totalS.toFixed(2)} | ${row.checkS.toFixed(2)} | ${row.cpuS.toFixed(2)} | ${n(row.memoryMb)} | ${n(row.instantiations)} | ` +
          `${n(row.emptyInstantiations)} | ${n(perQuery)} | ${row.generatedLines === undefined ? '-' : n(row.generatedLines)} |`,
      )
    }
  }
  return lines
}

export function generateTable(results: SizeResult[]): string[] {
  const lines = [
    '| tables | emit | dbridge cold s | dbridge one table changed (CLI) s | dbridge watch, one table changed ms | prisma generate s | runs |',
    '|---:|---|---:|---:|---:|---:|---:|',
  ]
  for (const r of results) {
    for (const [emit, times] of [['ts', r.dbridgeGenerate], ['js', r.dbridgeJsGenerate]] as const) {
      lines.push(`| ${r.tables} | ${emit} | ${s(times.coldMs)} | ${s(times.changedMs)} | ${Math.round(times.watchMs)} | ${s(r.prismaGenerateMs)} | ${r.runs} |`)
    }
  }
  return lines
}

const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED')

/** The goals, each with the figure it was judged on. */
export function goals(results: SizeResult[]): string[] {
  const lines: string[] = []
  const at = (tables: number) => results.find((r) => r.tables === tables)
  const row = (r: SizeResult, client: ClientName) => r.typecheck.find((t) => t.client === client)!
  const r200 = at(200)
  if (r200) {
    const peers = [row(r200, 'drizzle'), row(r200, 'prisma')]
    for (const client of ['dbridge', 'dbridge-js'] as const) {
      const dbridge = row(r200, client)
      const fastest = [...peers].sort((a, b) => a.cpuS - b.cpuS)[0]!
      const ratio = dbridge.cpuS / fastest.cpuS
      lines.push(
        `- Type check at 200 tables <= 0.5x the faster peer, ${clientLabels[client]}: ${verdict(ratio <= 0.5)}: tsc CPU time ${dbridge.cpuS.toFixed(2)} s, ` +
          `${fastest.client} ${fastest.cpuS.toFixed(2)} s (${ratio.toFixed(2)}x; tsc's total time ${(dbridge.totalS / fastest.totalS).toFixed(2)}x, ` +
          `check time ${(dbridge.checkS / fastest.checkS).toFixed(2)}x).`,
      )
    }
    const js = row(r200, 'dbridge-js')
    const prisma = row(r200, 'prisma')
    const perQuery = (t: TypecheckRow) => (t.instantiations - t.emptyInstantiations) / queryCount
    lines.push(
      `- dbridge (emit: 'js') tsc total at 200 tables <= 0.5x Prisma's: ${verdict(js.totalS <= 0.5 * prisma.totalS)} (${js.totalS.toFixed(2)} s against ` +
        `${prisma.totalS.toFixed(2)} s, ${(js.totalS / prisma.totalS).toFixed(2)}x); instantiations per query ${n(perQuery(js))} (emit 'ts': ${n(perQuery(row(r200, 'dbridge')))}).`,
    )
    for (const [emit, times] of [['ts', r200.dbridgeGenerate], ['js', r200.dbridgeJsGenerate]] as const) {
      lines.push(`- Cold generate of 200 tables < 3 s, emit '${emit}': ${verdict(times.coldMs < 3000)} (${s(times.coldMs)} s).`)
      lines.push(
        `- One changed table < 300 ms, emit '${emit}': watch mode ${verdict(times.watchMs < 300)} (${Math.round(times.watchMs)} ms); ` +
          `a whole CLI run ${verdict(times.changedMs < 300)} (${s(times.changedMs)} s).`,
      )
    }
  }
  const sorted = [...results].sort((a, b) => a.tables - b.tables)
  if (sorted.length >= 3) {
    // Linear growth: the cost per added table must not rise from one size interval to the next.
    const slopes = (value: (r: SizeResult) => number) =>
      sorted.slice(1).map((r, i) => (value(r) - value(sorted[i]!)) / (r.tables - sorted[i]!.tables))
    const time = slopes((r) => row(r, 'dbridge').cpuS * 1000)
    const inst = slopes((r) => row(r, 'dbridge').instantiations)
    const linear = inst.every((slope, i) => i === 0 || slope <= inst[0]! * 1.3)
    lines.push(
      `- dbridge type check linear in tables: ${verdict(linear)}: per added table ${inst.map((x) => n(x)).join(' then ')} instantiations, ` +
        `${time.map((x) => x.toFixed(1)).join(' then ')} ms of tsc CPU time (${sorted.map((r) => r.tables).join(' -> ')} tables).`,
    )
  }
  return lines
}

export function report(env: Environment, results: SizeResult[]): string {
  return [
    '# Type-check and generate cost: dbridge (emit ts and js), Drizzle, Prisma',
    '',
    ...header(env),
    '',
    '## Type check',
    '',
    ...typecheckTable(results),
    '',
    '## Generate',
    '',
    '"cold": no output and no cache; "one table changed": one schema file edited, then a whole `dbridge generate` run ' +
      '(new process, cache warm); "watch": the same edit under `dbridge generate --watch`, from saving the file to the ' +
      'output written.',
    '',
    ...generateTable(results),
    '',
    '## Goals',
    '',
    ...goals(results),
    '',
  ].join('\n')
}
