/**
 * The measurements: `tsc --noEmit --extendedDiagnostics` of a project, `dbridge generate`
 * (cold, one table changed, watch mode) and `prisma generate`, each a real process timed
 * from outside or read from the compiler's own report.
 */
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const cpuTimeHook = fileURLToPath(new URL('./cpu-time.cjs', import.meta.url))

export interface TscResult {
  /** CPU time of the tsc process (user + system). */
  cpuS: number
  totalS: number
  checkS: number
  memoryMb: number
  instantiations: number
  types: number
  linesOfTypeScript: number
}

/** Reads one `Name: value` line of tsc's --extendedDiagnostics report. */
function diagnostic(output: string, name: string): number {
  const match = new RegExp(`^${name}:\\s+([\\d.]+)`, 'm').exec(output)
  if (!match) throw new Error(`tsc printed no "${name}":\n${output}`)
  return Number(match[1])
}

export function parseDiagnostics(output: string): Omit<TscResult, 'cpuS'> {
  return {
    totalS: diagnostic(output, 'Total time'),
    checkS: diagnostic(output, 'Check time'),
    memoryMb: diagnostic(output, 'Memory used') / 1024,
    instantiations: diagnostic(output, 'Instantiations'),
    types: diagnostic(output, 'Types'),
    linesOfTypeScript: diagnostic(output, 'Lines of TypeScript'),
  }
}

/**
 * Type-checks a project. A project that does not compile is an error: timing a consumer
 * with type errors would compare different work.
 */
export function typecheck(repoRoot: string, dir: string, tsconfig = 'tsconfig.json'): TscResult {
  const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc')
  const args = ['--require', cpuTimeHook, tsc, '-p', tsconfig, '--noEmit', '--extendedDiagnostics']
  const result = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 })
  if (result.status !== 0) throw new Error(`tsc -p ${join(dir, tsconfig)} failed:\n${result.stdout.slice(0, 4000)}\n${result.stderr}`)
  return { ...parseDiagnostics(result.stdout), cpuS: diagnostic(result.stderr, 'CPU time') }
}

function timed(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): number {
  const start = performance.now()
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env })
  const ms = performance.now() - start
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${result.stdout}\n${result.stderr}`)
  return ms
}

/** `args`: more flags for `generate` (`--emit js`). */
export function dbridgeGenerate(repoRoot: string, dir: string, args: readonly string[] = []): number {
  return timed(process.execPath, [join(repoRoot, 'dist/generator/cli.js'), 'generate', ...args], dir, { ...process.env, DATABASE_URL: undefined })
}

/** A cold run: no output and no cache (the CLI caches finished files in node_modules/.cache/dbridge). */
export function dbridgeGenerateCold(repoRoot: string, dir: string, args: readonly string[] = []): number {
  rmSync(join(dir, 'generated'), { recursive: true, force: true })
  rmSync(join(dir, 'node_modules/.cache'), { recursive: true, force: true })
  return dbridgeGenerate(repoRoot, dir, args)
}

/**
 * `prisma generate` without network: the CLI insists on a schema-engine binary even to
 * generate, so it gets a stub that only answers `--version`.
 */
export function prismaGenerate(repoRoot: string, dir: string, scratch: string): number {
  const stub = join(scratch, 'schema-engine-stub')
  mkdirSync(scratch, { recursive: true })
  writeFileSync(stub, '#!/bin/sh\necho "schema-engine-cli 0.0.0"\n')
  chmodSync(stub, 0o755)
  rmSync(join(dir, 'generated'), { recursive: true, force: true })
  const env = {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: stub,
    PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: '1',
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  }
  return timed(process.execPath, [join(repoRoot, 'node_modules/prisma/build/index.js'), 'generate', '--schema', 'prisma/schema.prisma'], dir, env)
}

/** Lines of every .ts file under `dir`. */
export function countLines(dir: string): number {
  let lines = 0
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) lines += countLines(path)
    else if (entry.endsWith('.ts')) lines += readFileSync(path, 'utf8').split('\n').length
  }
  return lines
}

/**
 * Milliseconds from saving a schema file to `generate --watch` reporting the regenerated
 * output, once per edit. `edit(n)` returns the file's n-th changed text.
 */
export async function watchLatencies(repoRoot: string, dir: string, file: string, edit: (n: number) => string, edits: number, args: readonly string[] = []): Promise<number[]> {
  const child = spawn(process.execPath, [join(repoRoot, 'dist/generator/cli.js'), 'generate', '--watch', ...args], { cwd: dir, env: { ...process.env, DATABASE_URL: undefined } })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const until = async (test: () => boolean) => {
    const started = Date.now()
    while (!test()) {
      if (child.exitCode !== null) throw new Error('watch mode exited:\n' + output)
      if (Date.now() - started > 60_000) throw new Error('watch mode did not answer:\n' + output)
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
  }
  const original = readFileSync(file, 'utf8')
  const times: number[] = []
  try {
    await until(() => output.includes('watching'))
    // The first run after start-up warms the caches; wait until it has reported.
    await until(() => /written|up to date/.test(output))
    await new Promise((resolve) => setTimeout(resolve, 1000))
    for (let n = 0; n < edits; n++) {
      const mark = output.length
      const start = performance.now()
      writeFileSync(file, edit(n))
      await until(() => /written/.test(output.slice(mark)))
      times.push(performance.now() - start)
    }
  } finally {
    writeFileSync(file, original)
    child.kill('SIGINT')
    await new Promise((resolve) => child.once('exit', resolve))
  }
  return times
}
