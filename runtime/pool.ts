/**
 * One server's connections (the primary, or a replica). Statements outside transactions
 * are pipelined over the connections nobody holds (an idle one first, then a new one up to
 * `max`, then the least busy); a transaction, stream or COPY holds a connection to itself.
 * Callers wait, first come first served, only while every connection is held, and no
 * longer than `acquireTimeout` (postgres.js alone waits forever).
 *
 * The pool heals: a statement that never reached a session (the server refused the
 * connection, was starting up, or ended it before the statement was sent) is sent again
 * after a backoff, up to `connectRetries` times; a connection whose server connection
 * closed reconnects when next used; one that closed while held is replaced.
 */
import type postgres from 'postgres'
import { ConnectionError, DbError, TimeoutError } from './errors.js'
import { Connection, type ConnectionEvents } from './connection.js'
import type { DriverConnection, Statement, StatementResult } from './query.js'
import { failedBeforeStartup, type ServerFarewell } from './socket.js'

export interface RetryPolicy {
  /** Further attempts after a statement that never reached a session. */
  retries: number
  /** First delay; each next one doubles, with jitter, up to `maxDelayMs`. */
  baseDelayMs: number
  maxDelayMs: number
}

export interface PoolOptions {
  /** postgres.js options of each connection (`max`, timers and socket are the pool's). */
  driver: postgres.Options<never>
  max: number
  acquireTimeoutMs: number | undefined
  idleTimeoutMs: number | undefined
  /** Replace connections older than this; default 30-60 minutes, drawn per connection. */
  maxLifetimeMs: number | undefined
  /**
   * The server's statement_timeout, if set: a connection that has not answered for this
   * long plus a grace period is closed, so a statement never waits forever on a network
   * that drops packets silently (no reset reaches the client then, and TCP keepalive takes
   * many minutes to notice).
   */
  statementTimeoutMs: number | undefined
  retry: RetryPolicy
}

/** The delay before retry `attempt` (0-based): exponential, capped, with jitter in its upper half. */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt)
  return ceiling / 2 + Math.random() * (ceiling / 2)
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** How much longer than statementTimeout a connection may stay silent: the server's own cancel comes first. */
const answerGraceMs = 5000

/** Errors of a statement that never reached a live session: safe to send again. */
const notRunCodes = new Set(['57P01', '57P02', '57P03', '53300'])

/**
 * Whether a statement failed before it could run. postgres.js delivers a server error
 * (with a SQLSTATE) of these codes only at connection start-up, or as the leftover of a
 * previous connection's end (then the statement was never sent); a socket that failed
 * before the server said anything ran nothing either.
 */
export function neverRan(error: unknown): boolean {
  // A DbError made from a driver error keeps it as its cause.
  if (error instanceof DbError && error.cause !== undefined) error = error.cause
  if (failedBeforeStartup(error)) return true
  const e = error as { code?: unknown; severity?: unknown }
  if (typeof e !== 'object' || e === null) return false
  if (e.code === 'CONNECT_TIMEOUT') return true // postgres.js times out only before the session is ready
  return typeof e.severity === 'string' && typeof e.code === 'string' && notRunCodes.has(e.code)
}

/**
 * Whether a statement failed because its session ended under it (terminated, reset, or its
 * connection retired), rather than because it was refused (authentication, TLS), which
 * would fail again.
 */
function sessionEnded(error: unknown): boolean {
  if (error instanceof DbError && error.cause !== undefined) error = error.cause
  const e = error as { code?: unknown; serverCode?: unknown }
  if (typeof e !== 'object' || e === null) return false
  return sessionEndCodes.has(e.code as string) || sessionEndCodes.has(e.serverCode as string)
}

const sessionEndCodes = new Set(['CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED', 'ECONNRESET', 'EPIPE', '57P01', '57P02'])

interface Waiter {
  readonly hold: boolean
  readonly resolve: (connection: Connection) => void
  readonly reject: (error: Error) => void
  timer?: NodeJS.Timeout
}

/** A connection held until released; `lost` once its server connection closed under it. */
export class Held {
  lost: ConnectionError | undefined
  private released = false

  constructor(
    private readonly pool: Pool,
    readonly connection: Connection,
  ) {}

  /** Where leases (streams, COPY) send their statements. */
  get driver(): DriverConnection {
    return this.connection.statements
  }

  /** Sends a statement on the held connection (nothing once it was lost). */
  send(statement: Statement): Promise<StatementResult> {
    if (this.lost) return Promise.reject(this.lost)
    return this.connection.send(statement)
  }

  release(): void {
    if (this.released) return
    this.released = true
    this.pool.release(this)
  }
}

export class Pool implements ConnectionEvents {
  private readonly connections: Connection[] = []
  private readonly holds = new Map<Connection, Held>()
  private waiters: Waiter[] = []
  private closing: ConnectionError | undefined
  private sweeper: NodeJS.Timeout | undefined

  constructor(private readonly options: PoolOptions) {
    // Idle, old and unresponsive connections are found by a sweep rather than a timer per
    // connection or statement.
    const limits = [options.idleTimeoutMs, options.maxLifetimeMs, this.answerDeadlineMs].filter((ms) => ms !== undefined)
    const every = Math.min(1000, Math.max(50, Math.min(...limits) / 4))
    this.sweeper = setInterval(() => this.sweep(), every)
    this.sweeper.unref()
  }

  /** How long a connection may leave statements unanswered before it is closed. */
  private get answerDeadlineMs(): number | undefined {
    const timeout = this.options.statementTimeoutMs
    return timeout === undefined ? undefined : timeout + answerGraceMs
  }

  /** Sends a statement on a connection nobody holds; resends one that never ran. */
  query(statement: Statement): Promise<StatementResult> {
    const sent = this.attempt(statement)
    return this.options.retry.retries === 0 ? sent : sent.catch((error: unknown) => this.retry(statement, error, 0))
  }

  /**
   * The first attempt of `query`, without the retries: a caller that handles the rejection
   * anyway retries there (`retry`), saving a promise per call on the common path.
   */
  attempt(statement: Statement): Promise<StatementResult> {
    if (this.closing) return Promise.reject(this.closing)
    const connection = this.waiters.length === 0 ? this.pick() : undefined
    return connection ? connection.send(statement) : this.wait(false).then((c) => c.send(statement))
  }

  /** After `error`, sends `statement` again if it never ran and retries are left; else rejects with `error`. */
  async retry(statement: Statement, error: unknown, attempt: number): Promise<StatementResult> {
    for (;;) {
      if (!neverRan(error) || attempt >= this.options.retry.retries || this.closing) throw error
      await sleep(backoffDelay(attempt++, this.options.retry))
      try {
        const connection = this.waiters.length === 0 ? this.pick() : undefined
        return await (connection ?? (await this.wait(false))).send(statement)
      } catch (next) {
        error = next
      }
    }
  }

  /**
   * A connection held until released. `start` (BEGIN, for a transaction) runs on it first:
   * when that never reached a session, or its session ended under it (a transaction that
   * only began leaves nothing behind), the connection is given back and another attempt
   * made, as `query` does.
   */
  async hold(start?: (held: Held) => Promise<unknown>): Promise<Held> {
    for (let attempt = 0; ; attempt++) {
      const connection = await this.connectionToHold()
      const held = new Held(this, connection)
      this.holds.set(connection, held)
      if (!start) return held
      try {
        await start(held)
        return held
      } catch (error) {
        held.release()
        const again = neverRan(error) || (held.lost !== undefined && sessionEnded(error))
        if (!again || attempt >= this.options.retry.retries || this.closing) throw error
        await sleep(backoffDelay(attempt, this.options.retry))
      }
    }
  }

  /** A connection marked held: picked now, or handed over once one is free. */
  private async connectionToHold(): Promise<Connection> {
    for (;;) {
      if (this.closing) throw this.closing
      const picked = this.waiters.length === 0 ? this.pick() : undefined
      if (picked) {
        picked.held = true
        return picked
      }
      const handed = await this.wait(true)
      // Its server connection closed between the hand-over and the waiter's turn, and it
      // was retired: nothing was sent on it, take another.
      if (!handed.retired) return handed
    }
  }

  /** @internal (Held.release) */
  release(held: Held): void {
    const connection = held.connection
    this.holds.delete(connection)
    connection.held = false
    connection.idleSince = performance.now()
    if (!connection.retired && this.tooOld(connection)) this.retire(connection)
    this.drain()
  }

  /** A held connection's server connection closed: whatever holds it has lost it. */
  lostWhileHeld(connection: Connection, farewell: ServerFarewell | undefined): void {
    const held = this.holds.get(connection)
    if (held) {
      const reason = farewell ? ` (${farewell.message})` : ''
      held.lost = new ConnectionError(`the connection was lost${reason}`, { code: farewell?.code })
    }
    this.retire(connection)
  }

  /** Connections open now, and how many of them are busy (held, or with statements in flight). */
  figures(): { total: number; busy: number; waiting: number } {
    let total = 0
    let busy = 0
    for (const connection of this.connections) {
      if (!connection.open) continue
      total++
      if (connection.held || connection.inFlight > 0) busy++
    }
    return { total, busy, waiting: this.waiters.length }
  }

  /** Whether any statement is in flight or any connection held. */
  get busy(): boolean {
    return this.holds.size > 0 || this.connections.some((c) => c.inFlight > 0)
  }

  /**
   * Resolves once nothing is in flight or held, or at `deadline` (performance.now() ms).
   * Polled: only close() waits for it, so statements need not report to it.
   */
  async settled(deadline: number): Promise<void> {
    while (this.busy && performance.now() < deadline) await sleep(5)
  }

  /**
   * Refuses new work, waits up to `graceMs` for the work in flight, then ends every
   * connection (what is still running fails with ConnectionError). Always resolves.
   */
  async close(reason: ConnectionError, graceMs: number): Promise<void> {
    if (this.closing) return
    this.closing = reason
    clearInterval(this.sweeper)
    for (const waiter of this.waiters.splice(0)) {
      if (waiter.timer) clearTimeout(waiter.timer)
      waiter.reject(reason)
    }
    await this.settled(performance.now() + graceMs)
    let timer: NodeJS.Timeout | undefined
    const ended = Promise.all(this.connections.map((c) => c.retire()))
    // postgres.js's end() has been seen waiting forever for a connection the server dropped
    // mid-statement (porsager/postgres#1097): its sockets are destroyed if it takes long.
    const forced = new Promise<void>((resolve) => (timer = setTimeout(resolve, 1000)))
    await Promise.race([ended, forced])
    clearTimeout(timer)
    for (const connection of this.connections) connection.destroy()
  }

  /** A connection nobody holds: an idle one, else a new one (up to max), else the least busy. */
  private pick(): Connection | undefined {
    let best: Connection | undefined
    for (const connection of this.connections) {
      if (connection.held) continue
      if (connection.inFlight === 0) return connection
      if (best === undefined || connection.inFlight < best.inFlight) best = connection
    }
    if (this.connections.length < this.options.max) return this.create()
    return best
  }

  private create(): Connection {
    const lifetime = this.options.maxLifetimeMs ?? (30 + Math.random() * 30) * 60_000
    const connection = new Connection(this.options.driver, lifetime, this)
    this.connections.push(connection)
    return connection
  }

  private retire(connection: Connection): void {
    const i = this.connections.indexOf(connection)
    if (i >= 0) this.connections.splice(i, 1)
    void connection.retire()
    this.drain()
  }

  private tooOld(connection: Connection): boolean {
    return connection.openedAt > 0 && performance.now() - connection.openedAt > connection.lifetimeMs
  }

  private sweep(): void {
    const now = performance.now()
    const idleLimit = this.options.idleTimeoutMs
    const deadline = this.answerDeadlineMs
    for (const connection of [...this.connections]) {
      if (deadline !== undefined && connection.inFlight > 0 && now - connection.busySince > deadline) {
        connection.destroy(
          Object.assign(new Error(`the server did not answer for ${Math.round(deadline)} ms (statementTimeout plus ${answerGraceMs} ms); the connection was closed`), {
            code: 'CONNECTION_CLOSED',
          }),
        )
        continue
      }
      if (connection.held || connection.inFlight > 0 || !connection.open) continue
      const idle = idleLimit !== undefined && now - connection.idleSince > idleLimit
      if (idle || this.tooOld(connection)) this.retire(connection)
    }
  }

  private wait(hold: boolean): Promise<Connection> {
    return new Promise<Connection>((resolve, reject) => {
      const waiter: Waiter = { hold, resolve, reject }
      const timeoutMs = this.options.acquireTimeoutMs
      if (timeoutMs !== undefined) {
        waiter.timer = setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter)
          reject(
            new TimeoutError(
              `no pooled connection became free within acquireTimeout (${timeoutMs} ms); ` +
                `all ${this.options.max} connections are held by transactions. Raise max or acquireTimeout, or shorten transactions`,
            ),
          )
          this.drain()
        }, timeoutMs)
      }
      this.waiters.push(waiter)
    })
  }

  /** Hands connections to waiters, first come first served, while any is not held. */
  private drain(): void {
    while (this.waiters.length > 0) {
      const connection = this.pick()
      if (!connection) return
      const waiter = this.waiters.shift()!
      if (waiter.timer) clearTimeout(waiter.timer)
      if (waiter.hold) connection.held = true
      waiter.resolve(connection)
    }
  }
}
