/**
 * Generator benchmarks on a synthetic 200-table schema: a cold `dbridge generate` (no
 * output, no cache), a warm one (nothing changed), and the time from saving one schema file
 * to the regenerated output in watch mode. Each is a real CLI run, timed from outside.
 */
import { spawn, spawnSync } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Bench } from 'tinybench'
import { writeSyntheticProject } from './synthetic-schema.js'

const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const cli = join(repoRoot, 'dist/generator/cli.js')

export interface GeneratorResult {
  name: string
  medianMs: number
  samples: number
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor((sorted.length - 1) / 2)]!
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
    results.push({ name: `generate ${options.tables} tables, cold (no output, no cache)`, medianMs: median(cold), samples: cold.length })
    results.push({ name: `generate ${options.tables} tables, nothing changed`, medianMs: median(warm), samples: warm.length })
    results.push({ name: `watch: one of ${options.tables} tables changed`, ...(await watchLatency(dir, project.schemaFiles[7] ?? project.schemaFiles[0]!, options.quick ? 3 : 10)) })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return results
}

async function watchLatency(dir: string, file: string, edits: number): Promise<{ medianMs: number; samples: number }> {
  const child = spawn(process.execPath, [cli, 'generate', '--watch'], { cwd: dir })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const until = async (test: () => boolean) => {
    const started = Date.now()
    while (!test()) {
      if (Date.now() - started > 30_000) throw new Error('watch mode did not answer:\n' + output)
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
  }
  const original = readFileSync(file, 'utf8')
  const times: number[] = []
  try {
    await until(() => output.includes('watching'))
    await new Promise((resolve) => setTimeout(resolve, 1500)) // let the warm-up finish
    for (let i = 0; i < edits; i++) {
      const mark = output.length
      const start = performance.now()
      writeFileSync(file, original.replace('updatedAt: t.timestamptz().nullable(),', `updatedAt: t.timestamptz().nullable(), extra${i}: t.text().nullable(),`))
      await until(() => /written/.test(output.slice(mark)))
      times.push(performance.now() - start)
    }
  } finally {
    writeFileSync(file, original)
    child.kill('SIGINT')
  }
  return { medianMs: median(times), samples: times.length }
}
