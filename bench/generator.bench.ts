/**
 * Generator benchmarks on a synthetic 200-table schema: a cold `dbridge generate` (no
 * output, no cache), a warm one (nothing changed), and the time from saving one schema file
 * to the regenerated output in watch mode. Each is a real CLI run, timed from outside.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
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
