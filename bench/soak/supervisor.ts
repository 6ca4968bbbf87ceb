/**
 * Runs the workload in a child process and gathers what it reports. A child that exits
 * unasked (an uncaught exception, an unhandled rejection, a signal) is a crash: counted,
 * its last output kept, and a new child started for the rest of the run.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Ledger } from './ledger.js'
import { addTally, Histogram, type ErrorTally, type Window } from './stats.js'
import type { WorkloadMessage, WorkloadSettings } from './workload.js'
import type { Op } from './calls.js'

export interface Crash {
  atMs: number
  how: string
  stderr: string
}

export class Supervisor {
  readonly ledger = new Ledger()
  readonly latency = new Histogram()
  readonly errors: ErrorTally = {}
  readonly byOp: Partial<Record<Op, number>> = {}
  readonly windows: Window[] = []
  readonly unexpected: string[] = []
  readonly hung: string[] = []
  readonly crashes: Crash[] = []
  intended = 0
  /** Calls still in flight when the last child was stopped (hung for good). */
  unsettled = 0
  private child: ChildProcess | undefined
  private children = 0
  private stopping = false
  private readonly started = performance.now()

  constructor(
    private readonly settings: Omit<WorkloadSettings, 'prefix'>,
    private readonly runId: string,
  ) {}

  get elapsedMs(): number {
    return performance.now() - this.started
  }

  start(): void {
    const script = fileURLToPath(new URL('./workload.ts', import.meta.url))
    const settings: WorkloadSettings = { ...this.settings, prefix: `${this.runId}-${this.children++}` }
    const childStart = this.elapsedMs
    const child = fork(script, [], {
      execArgv: [...process.execArgv, '--expose-gc'],
      env: { ...process.env, SOAK_WORKLOAD: JSON.stringify(settings) },
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    })
    this.child = child
    let stderr = ''
    child.stderr!.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk)
      stderr = (stderr + chunk.toString()).slice(-4000)
    })
    child.on('message', (message: WorkloadMessage) => this.receive(message, childStart))
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined
      if (this.stopping && code === 0) return
      this.crashes.push({ atMs: this.elapsedMs, how: signal ? `killed by ${signal}` : `exited with code ${code}`, stderr })
      if (!this.stopping) this.start()
    })
  }

  /** Asks the child to stop and waits for it (it lets its calls settle first). */
  async stop(): Promise<void> {
    this.stopping = true
    const child = this.child
    if (!child) return
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    child.send({ type: 'stop' })
    const timer = setTimeout(() => child.kill('SIGKILL'), this.settings.hungAfterMs + 60_000)
    await exited
    clearTimeout(timer)
  }

  private receive(message: WorkloadMessage, childStart: number): void {
    if (message.type === 'ledger') this.ledger.add(message.batch)
    else if (message.type === 'window') {
      this.windows.push({ ...message.window, atMs: childStart + message.window.atMs })
      this.latency.merge(message.latency)
      addTally(this.errors, message.errors)
      this.intended += message.intended
      for (const [op, count] of Object.entries(message.byOp)) this.byOp[op as Op] = (this.byOp[op as Op] ?? 0) + count
      for (const line of message.unexpected) if (this.unexpected.length < 50) this.unexpected.push(line)
      this.hung.push(...message.hung)
    } else if (message.type === 'done') this.unsettled += message.unsettled
  }
}
