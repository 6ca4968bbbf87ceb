/**
 * Throwaway consumer projects for CLI tests: a temporary directory whose node_modules
 * links dbridge to this package and dbridge-cli to its command-line half, as `npm link`
 * would.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
export const cliPath = join(repoRoot, 'dist/generator/cli.js')

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export class TempProject {
  readonly dir: string

  /** `parent`: where to create the project's directory (default: the system's temporary directory). */
  constructor(files: Record<string, string> = {}, options: { parent?: string } = {}) {
    this.dir = mkdtempSync(join(options.parent ?? tmpdir(), 'dbridge-project-'))
    mkdirSync(join(this.dir, 'node_modules'))
    symlinkSync(repoRoot, join(this.dir, 'node_modules/dbridge'), 'dir')
    symlinkSync(join(repoRoot, 'packages/dbridge-cli'), join(this.dir, 'node_modules/dbridge-cli'), 'dir')
    for (const [path, text] of Object.entries(files)) this.write(path, text)
  }

  path(rel: string): string {
    return join(this.dir, rel)
  }

  write(rel: string, text: string): void {
    mkdirSync(dirname(this.path(rel)), { recursive: true })
    writeFileSync(this.path(rel), text)
  }

  read(rel: string): string {
    return readFileSync(this.path(rel), 'utf8')
  }

  exists(rel: string): boolean {
    return existsSync(this.path(rel))
  }

  mtime(rel: string): number {
    return statSync(this.path(rel)).mtimeMs
  }

  run(args: string[], env: Record<string, string | undefined> = {}): CliResult {
    const result = spawnSync(process.execPath, [cliPath, ...args], {
      cwd: this.dir,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: undefined, ...env },
      timeout: 60_000,
    })
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
  }

  /** Like `run`, without blocking: several commands can run at once. */
  runAsync(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [cliPath, ...args], { cwd: this.dir, env: { ...process.env, DATABASE_URL: undefined, ...env } })
      let stdout = ''
      let stderr = ''
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      child.once('error', reject)
      child.once('close', (code) => {
        clearTimeout(timer)
        resolve({ code: code ?? -1, stdout, stderr })
      })
    })
  }

  /** Starts the CLI in the background (for --watch). */
  start(args: string[], env: Record<string, string | undefined> = {}) {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: this.dir, env: { ...process.env, DATABASE_URL: undefined, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    return {
      child,
      output: () => ({ stdout, stderr }),
      async waitFor(predicate: (out: { stdout: string; stderr: string }) => boolean, timeoutMs = 20_000): Promise<void> {
        const started = Date.now()
        while (!predicate({ stdout, stderr })) {
          if (child.exitCode !== null) throw new Error(`the CLI exited (${child.exitCode}):\n${stdout}\n${stderr}`)
          if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting; output so far:\n${stdout}\n${stderr}`)
          await new Promise((resolve) => setTimeout(resolve, 50))
        }
      },
    }
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }
}
