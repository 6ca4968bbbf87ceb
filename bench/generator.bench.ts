/**
 * Generator benchmarks on a synthetic 200-table schema: a cold `dbridge generate` (no
 * output, no cache), a warm one (nothing changed), and the time from saving one schema file
 * to the regenerated output in watch mode; and 100 typed SQL statements over the example's
 * schema, cold (each described on a throwaway database) and cached. Each is a real CLI run,
 * timed from outside.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Bench } from 'tinybench'
import { lowerMedian } from './harness.js'
import { writeSyntheticProject } from './synthetic-schema.js'
import { watchLatencies } from './types/measure.js'

const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const cli = join(repoRoot, 'dist/generator/cli.js')

export interface GeneratorResult {
  name: string
  medianMs: number
  samples: number
}

export async function generatorBenchmarks(options: { quick: boolean; tables: number }): Promise<GeneratorResult[]> {
  const dir = join(tmpdir(), `dbridge-bench-gen-${process.pid}`)
  const project = writeSyntheticProject(dir, options.tables, repoRoot)
  const generate = () => {
    const result = spawnSync(process.execPath, [cli, 'generate'], { cwd: dir, encoding: 'utf8' })
    if (result.status !== 0) throw new Error(`generate failed:\n${result.stderr}`)
  }
  const results: GeneratorResult[] = []
  try {
    const runs = options.quick ? 1 : 3
    const bench = new Bench({ iterations: runs, time: 0, warmup: false, throws: true })
    const cold: number[] = []
    const warm: number[] = []
    bench.add('cold', () => {
      rmSync(join(dir, 'generated'), { recursive: true, force: true })
      rmSync(join(dir, 'node_modules/.cache'), { recursive: true, force: true })
      const start = performance.now()
      generate()
      cold.push(performance.now() - start)
    })
    bench.add('warm', () => {
      const start = performance.now()
      generate()
      warm.push(performance.now() - start)
    })
    await bench.run()
    results.push({ name: `generate ${options.tables} tables, cold (no output, no cache)`, medianMs: lowerMedian(cold), samples: cold.length })
    results.push({ name: `generate ${options.tables} tables, nothing changed`, medianMs: lowerMedian(warm), samples: warm.length })
    const file = project.schemaFiles[7] ?? project.schemaFiles[0]!
    const original = readFileSync(file, 'utf8')
    const edit = (n: number) => original.replace('updatedAt: t.timestamptz().nullable(),', `updatedAt: t.timestamptz().nullable(), extra${n}: t.text().nullable(),`)
    const watch = await watchLatencies(repoRoot, dir, file, edit, options.quick ? 3 : 10)
    results.push({ name: `watch: one of ${options.tables} tables changed`, medianMs: lowerMedian(watch), samples: watch.length })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return results
}

/** 100 statements over the example's schema: joins, aggregates, window functions, writes. */
function hundredStatements(): string {
  const shapes = [
    (i: number) => `-- name: q${i} :many\nselect a.id, a.name, count(b.id)::int as books from authors a left join books b on b.author_id = a.id where a.id > :after group by a.id order by a.id limit ${i + 1};`,
    (i: number) => `-- name: q${i} :one\nselect b.id, b.title, b.price, b.meta, rank() over (order by b.price desc) as r from books b where b.id = :id and b.stock >= ${i};`,
    (i: number) => `-- name: q${i} :execrows\nupdate books set stock = stock + :amount where author_id = :authorId and stock < ${i};`,
    (i: number) => `-- name: q${i} :many\nwith recent as (select * from orders where placed_at > :since) select r.id, r.total, c.email from recent r join customers c on c.id = r.customer_id where r.total > ${i};`,
  ]
  return Array.from({ length: 100 }, (_, i) => shapes[i % shapes.length]!(i)).join('\n\n') + '\n'
}

/** `generate` of the example's schema with 100 typed SQL statements: cold (no cache: described on the database) and cached. */
export async function typedSqlGeneratorBenchmarks(options: { quick: boolean }): Promise<GeneratorResult[]> {
  const dir = join(tmpdir(), `dbridge-bench-sql-${process.pid}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(join(dir, 'node_modules'), { recursive: true })
  symlinkSync(repoRoot, join(dir, 'node_modules/dbridge'), 'dir')
  symlinkSync(join(repoRoot, 'packages/dbridge-cli'), join(dir, 'node_modules/dbridge-cli'), 'dir')
  cpSync(join(repoRoot, 'examples/schema'), join(dir, 'schema'), { recursive: true })
  mkdirSync(join(dir, 'queries'))
  writeFileSync(join(dir, 'queries/statements.sql'), hundredStatements())
  writeFileSync(join(dir, 'dbridge.config.ts'), "import { defineConfig } from 'dbridge/config'\nexport default defineConfig({ schema: ['schema/*.schema.ts'], queries: ['queries/*.sql'] })\n")
  const generate = () => {
    const start = performance.now()
    const result = spawnSync(process.execPath, [cli, 'generate'], { cwd: dir, encoding: 'utf8' })
    if (result.status !== 0) throw new Error(`generate failed:\n${result.stderr}`)
    return performance.now() - start
  }
  try {
    const cold: number[] = []
    const cached: number[] = []
    for (let run = 0; run < (options.quick ? 1 : 3); run++) {
      rmSync(join(dir, 'generated'), { recursive: true, force: true })
      rmSync(join(dir, 'node_modules/.cache'), { recursive: true, force: true })
      cold.push(generate())
      cached.push(generate())
    }
    const where = process.env.DATABASE_URL ? 'the configured server' : 'the embedded server, started by the run'
    return [
      { name: `generate with 100 typed SQL statements, cold (described on ${where})`, medianMs: lowerMedian(cold), samples: cold.length },
      { name: 'generate with 100 typed SQL statements, cached (no database)', medianMs: lowerMedian(cached), samples: cached.length },
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
