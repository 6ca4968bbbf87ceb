/**
 * Running the embedded PostgreSQL's programs: `initdb` once per data directory, then the
 * `postgres` server for as long as a command needs it. Every child process has an 'error'
 * listener (a program that cannot be started rejects a promise instead of crashing the
 * process), and a server still running when the process exits or is interrupted is told to
 * shut down, so it never outlives the command that started it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, statSync } from 'node:fs'

/** Who the programs run as: the current user (empty) or, when we are root, the server's user. */
export interface RunAs {
  readonly uid?: number
  readonly gid?: number
}

export interface ProcessOptions {
  readonly runAs: RunAs
  /** A directory the programs can enter (their working directory). */
  readonly cwd: string
}

/** The last lines a program wrote, for error messages. */
class OutputTail {
  private text = ''

  constructor(private readonly limit = 4000) {}

  add(chunk: Buffer | string): void {
    this.text = (this.text + chunk.toString()).slice(-this.limit)
  }

  includes(needle: string): boolean {
    return this.text.includes(needle)
  }

  lines(count = 8): string[] {
    return this.text.split('\n').map((line) => line.trim()).filter(Boolean).slice(-count)
  }
}

// Messages in English whatever the environment says: readiness is detected by its text.
const messageLocale = 'C'

function spawnProgram(program: string, args: readonly string[], options: ProcessOptions): ChildProcess {
  makeExecutable(program)
  const child = spawn(program, args, {
    ...options.runAs,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: messageLocale },
  })
  // Reading a program's output is only for messages: a broken pipe must not end the process.
  child.stdout?.on('error', () => undefined)
  child.stderr?.on('error', () => undefined)
  return child
}

/** Installs without the executable bits happen (some archive tools drop them); the programs need them. */
function makeExecutable(program: string): void {
  try {
    const mode = statSync(program).mode
    if ((mode & 0o555) !== 0o555) chmodSync(program, mode | 0o555)
  } catch {
    // A read-only install: spawning reports what is wrong.
  }
}

/** A program failed: `message` is one line; `output` its last lines, if it ran at all. */
export class ProgramError extends Error {
  constructor(
    message: string,
    readonly output: readonly string[] = [],
    /** It could not be started at all (the system refused to run it). */
    readonly notStarted = false,
  ) {
    super(message)
    this.name = 'ProgramError'
  }
}

function notStarted(program: string, error: Error): ProgramError {
  return new ProgramError(`cannot run ${program} (${error.message})`, [], true)
}

function exited(program: string, code: number | null, signal: NodeJS.Signals | null, output: OutputTail): ProgramError {
  return new ProgramError(`${program} ${signal ? `was killed by ${signal}` : `exited with code ${code}`}`, output.lines())
}

/** Runs `initdb` (or any program that must finish) and resolves when it succeeded. */
export function runProgram(program: string, args: readonly string[], options: ProcessOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const output = new OutputTail()
    const child = spawnProgram(program, args, options)
    child.stdout?.on('data', (chunk: Buffer) => output.add(chunk))
    child.stderr?.on('data', (chunk: Buffer) => output.add(chunk))
    child.on('error', (error) => reject(notStarted(program, error)))
    child.once('close', (code, signal) => {
      if (code === 0) resolve()
      else reject(exited(program, code, signal, output))
    })
  })
}

export interface Postmaster {
  readonly pid: number
  /** Shuts the server down (fast: open sessions are ended) and resolves once it has exited. */
  stop(): Promise<void>
  /**
   * Lets this process end while the server runs (its process and pipes no longer keep the
   * event loop alive); the server is then stopped when this process exits.
   */
  unref(): void
}

const running = new Set<ChildProcess>()
const readyMessage = 'database system is ready to accept connections'
const startTimeoutMs = 120_000
const stopGraceMs = 30_000

/** Starts `postgres` and resolves once it accepts connections. */
export function startPostmaster(program: string, args: readonly string[], options: ProcessOptions): Promise<Postmaster> {
  return new Promise((resolve, reject) => {
    const output = new OutputTail()
    const child = spawnProgram(program, args, options)
    // Ready, failed or timed out: whichever comes first decides.
    let settled = false
    const fail = (error: ProgramError) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      forget(child)
      child.kill('SIGKILL')
      reject(error)
    }
    const timer = setTimeout(() => fail(new ProgramError(`${program} did not accept connections within ${startTimeoutMs / 1000} s`, output.lines())), startTimeoutMs)
    // The server logs to stderr for as long as it runs: keep reading, or it blocks on a full pipe.
    child.stdout?.on('data', (chunk: Buffer) => output.add(chunk))
    child.stderr?.on('data', (chunk: Buffer) => {
      output.add(chunk)
      if (!settled && output.includes(readyMessage)) {
        settled = true
        clearTimeout(timer)
        resolve({
          pid: child.pid!,
          stop: () => stopProcess(child),
          unref: () => {
            child.unref()
            for (const stream of [child.stdout, child.stderr]) (stream as { unref?: () => void } | null)?.unref?.()
          },
        })
      }
    })
    // Stays attached after start: a failed kill, too, is reported as an 'error' event.
    child.on('error', (error) => fail(notStarted(program, error)))
    child.once('exit', (code, signal) => {
      forget(child)
      fail(exited(program, code, signal, output))
    })
    remember(child)
  })
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null
}

/** SIGINT is PostgreSQL's fast shutdown; SIGQUIT (immediate) if that takes too long; then SIGKILL. */
function stopProcess(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return Promise.resolve()
  return new Promise((resolve) => {
    const escalate = setTimeout(() => child.kill('SIGQUIT'), stopGraceMs)
    const last = setTimeout(() => child.kill('SIGKILL'), stopGraceMs + 10_000)
    child.once('exit', () => {
      clearTimeout(escalate)
      clearTimeout(last)
      resolve()
    })
    child.kill('SIGINT')
  })
}

const exitSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

function remember(child: ChildProcess): void {
  if (running.size === 0) {
    process.on('exit', stopAllNow)
    for (const signal of exitSignals) process.on(signal, onExitSignal)
  }
  running.add(child)
}

function forget(child: ChildProcess): void {
  if (!running.delete(child) || running.size > 0) return
  process.off('exit', stopAllNow)
  for (const signal of exitSignals) process.off(signal, onExitSignal)
}

/** Asks every running server to shut down; they finish on their own after we are gone. */
function stopAllNow(): void {
  for (const child of running) if (!hasExited(child)) child.kill('SIGINT')
}

/**
 * Interrupted while a server runs: tell it to shut down, then let the signal do what it
 * would have done without us (end the process), unless someone else handles it.
 */
function onExitSignal(signal: NodeJS.Signals): void {
  stopAllNow()
  for (const child of [...running]) forget(child)
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
}
