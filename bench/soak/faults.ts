/**
 * The fault injector: every few seconds it terminates one backend of the workload's
 * database, picked at random (pg_terminate_backend: the FATAL 57P01 a backend gets when an
 * operator or a failover ends it), and once, at a set time, it restarts the server.
 */
import postgres from 'postgres'
import type { Restart, SoakServer } from './server.js'

export interface FaultLog {
  killed: number
  /** Kill attempts that found no backend or failed (the server restarting). */
  missed: number
  restarts: (Restart & { atMs: number })[]
}

export interface FaultPlan {
  /** Kills come every minKillMs to maxKillMs, at random. */
  minKillMs: number
  maxKillMs: number
  /** When to restart the server, ms from the start (once). */
  restartAtMs: number
}

export class FaultInjector {
  readonly log: FaultLog = { killed: 0, missed: 0, restarts: [] }
  private timer: NodeJS.Timeout | undefined
  private running = false
  private restarting: Promise<void> | undefined
  private readonly started = performance.now()

  constructor(
    private readonly server: SoakServer,
    private readonly database: string,
    private readonly plan: FaultPlan,
  ) {}

  start(): void {
    this.running = true
    this.schedule()
  }

  async stop(): Promise<void> {
    this.running = false
    clearTimeout(this.timer)
    await this.restarting
  }

  private schedule(): void {
    const delay = this.plan.minKillMs + Math.random() * (this.plan.maxKillMs - this.plan.minKillMs)
    this.timer = setTimeout(() => void this.step(), delay)
  }

  private async step(): Promise<void> {
    if (!this.running) return
    const at = performance.now() - this.started
    if (this.log.restarts.length === 0 && at >= this.plan.restartAtMs) {
      this.restarting = this.server.restart().then((restart) => {
        this.log.restarts.push({ ...restart, atMs: at })
      })
      await this.restarting
    } else {
      await this.killOne()
    }
    if (this.running) this.schedule()
  }

  private async killOne(): Promise<void> {
    // A connection of its own each time: the admin connection must not be a candidate, and
    // a long-lived one would itself be cut by the restart.
    const sql = postgres(this.server.databaseUrl('postgres'), { max: 1, connect_timeout: 5, onnotice: () => {} })
    try {
      const [row] = await sql<{ killed: boolean | null }[]>`
        select pg_terminate_backend(pid) as killed from pg_stat_activity
        where datname = ${this.database} and backend_type = 'client backend' and pid <> pg_backend_pid()
        order by random() limit 1`
      if (row?.killed) this.log.killed++
      else this.log.missed++
    } catch {
      this.log.missed++
    } finally {
      await sql.end({ timeout: 0 })
    }
  }
}
