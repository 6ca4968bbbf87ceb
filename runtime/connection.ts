/**
 * One server connection. dbridge runs each connection of its pool as a postgres.js
 * instance of its own (`max: 1`): postgres.js speaks the protocol (authentication, TLS,
 * prepared statements, pipelining, COPY, cursors) and dbridge decides which connection a
 * statement goes to, when one is held by a transaction, and when one is thrown away.
 *
 * Why not postgres.js's own pool, `reserve()` or `begin()` (docs/runtime.md has the
 * measurements): a reserved connection whose backend died crashed the process on its next
 * statement; a pool of several connections kept a growing queue that made every call
 * slower; `begin()` runs savepoints concurrently. With one connection per instance, none
 * of those paths is used: a statement is only ever handed to an instance's own queue.
 *
 * postgres.js reconnects an instance by itself when a statement arrives after its
 * connection closed. That is right for a statement outside a transaction (it never ran,
 * and runs now), and wrong for one of a transaction (it would run outside the transaction,
 * on a new session). So a connection that closes while it is held is retired at once: it
 * refuses to reconnect, everything still queued on it fails, and the pool makes a new one.
 */
import type net from 'node:net'
import postgres from 'postgres'
import type { DriverConnection, Statement, StatementResult } from './query.js'
import { installArraySplitting } from './driver-arrays.js'
import { connectTo, failedSocket, TrackedSocket, unsentFailure, type ServerFarewell, type SocketTarget } from './socket.js'
import { negotiateTls, type TlsMode } from './tls.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Driver = postgres.Sql<any>

/** What a connection tells its pool. */
export interface ConnectionEvents {
  /** The server connection closed while the connection was held. */
  lostWhileHeld(connection: Connection, farewell: ServerFarewell | undefined): void
}

const prepared = { prepare: true } as const
const unprepared = { prepare: false } as const

const noOrigin: PropertyDescriptor = { value: '' }

/**
 * `driver.unsafe(text, params, options)`, without postgres.js's leak of failed statements.
 * postgres.js 3.4.9 reads a failed query's `origin` (the call site it appends to the error's
 * stack) from a module-level Map, keyed by the query's strings: for `unsafe()` a
 * one-element array made anew by every call, so every failed statement added an entry that
 * was never removed: in the soak benchmark the live heap grew by 17 MB over 49,000 failed
 * statements (14 -> 31 MB in 3 minutes), and stays flat at 13 MB with this. For `unsafe()`
 * that origin is always empty; an own `origin` on the query says so without touching the
 * Map (test/integration/driver.test.ts pins both).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function unsafeQuery(driver: Driver, text: string, params?: any[], options?: { prepare?: boolean }): any {
  const query = driver.unsafe(text, params, options)
  Object.defineProperty(query, 'origin', noOrigin)
  return query
}

export class Connection {
  readonly driver: Driver
  /** What transactions, streams and COPY send their statements through (see unsafeQuery). */
  readonly statements: DriverConnection = {
    unsafe: (text, params, options) => unsafeQuery(this.driver, text, params, options),
  }
  /** Statements sent on it (outside a hold) and not yet answered. */
  inFlight = 0
  /** A transaction, stream or COPY holds it: nothing else is sent on it. */
  held = false
  /** Thrown away: it never connects again. */
  retired = false
  /** When its current server connection was opened (0: none yet), for `maxLifetime`. */
  openedAt = 0
  /** When it last finished a statement or was released, for `idleTimeout`. */
  idleSince = performance.now()
  /** When the server last answered while statements were in flight (or the first was sent). */
  busySince = 0
  /** Its age limit (ms), drawn once so that connections opened together are not all replaced together. */
  readonly lifetimeMs: number
  private socket: TrackedSocket | undefined
  /** Writes handed to any of its sockets: a statement that fails before the next one was never sent. */
  private writes = 0
  private readonly countWrite = () => this.writes++
  private attempts = 0
  private readonly sendOptions: { readonly prepare: boolean }
  /** TLS is negotiated by dbridge's socket factory, not by postgres.js (see tls.ts). */
  private readonly tls: TlsMode | undefined
  private readonly connectTimeoutMs: number

  constructor(
    driverOptions: postgres.Options<never>,
    lifetimeMs: number,
    private readonly events: ConnectionEvents,
  ) {
    this.lifetimeMs = lifetimeMs
    this.sendOptions = driverOptions.prepare === false ? unprepared : prepared
    this.tls = driverOptions.ssl ? (driverOptions.ssl as TlsMode) : undefined
    this.connectTimeoutMs = typeof driverOptions.connect_timeout === 'number' ? driverOptions.connect_timeout * 1000 : 30_000
    this.driver = postgres({
      ...driverOptions,
      ssl: false,
      max: 1,
      // The pool retires idle and old connections itself, and only when they are not held:
      // postgres.js's timers would end a connection between two statements of a transaction.
      idle_timeout: null,
      max_lifetime: null,
      // The pool's retry policy decides when to try again; postgres.js would add up to 20 s.
      backoff: 0,
      socket: (target: SocketTarget) => this.openSocket(target),
      onclose: () => this.closed(),
    } as never) as Driver
    installArraySplitting(this.driver as never)
  }

  /** Open sockets count as connections in the metrics. */
  get open(): boolean {
    return this.socket !== undefined && this.socket.open
  }

  /**
   * Sends one statement (prepared, unless `prepare: false`) and reads its rows as text. A
   * statement that fails with its connection and never left this machine says so in its
   * error (unsentFailure), and the pool may send it again: one postgres.js still held in its
   * queue (it never handed it to the connection: its `state` is unset), one that failed
   * before anything more was written to a socket, and one handed to a connection already
   * retired (a waiter's, retired before its turn came).
   */
  send(statement: Statement): Promise<StatementResult> {
    if (this.retired) return Promise.reject(unsentFailure(retiredError()))
    if (this.inFlight++ === 0) {
      this.busySince = performance.now()
      this.socket?.markBusy()
    }
    const writes = this.writes
    // A postgres.js Query: its `state` is set when postgres.js hands it to the connection.
    const query = unsafeQuery(this.driver, statement.text, statement.params as string[], this.sendOptions)
    return query.values().then(this.answered, (error: unknown) => this.failed(error, query.state == null || this.writes === writes))
  }

  private readonly answered = (value: unknown): StatementResult => {
    this.settle()
    return toStatementResult(value)
  }

  private failed(error: unknown, unsent: boolean): never {
    this.settle()
    throw unsent ? unsentFailure(error) : error
  }

  private settle(): void {
    const now = performance.now()
    if (--this.inFlight === 0) this.idleSince = now
    else this.busySince = now
  }

  /** Ends it for good: nothing queued on it runs; a socket it asks for fails at once. */
  retire(): Promise<void> {
    this.retired = true
    // timeout 0: pending statements are rejected now, not waited for.
    return this.driver.end({ timeout: 0 }).catch(() => undefined)
  }

  /** Destroys its socket: what is in flight on it fails with `error` (a ConnectionError once converted). */
  destroy(error?: Error): void {
    this.socket?.socket.destroy(error)
  }

  /** postgres.js's `socket` option: never throws, never rejects (see socket.ts). */
  private openSocket(target: SocketTarget): net.Socket | Promise<net.Socket> {
    if (this.retired) return failedSocket(retiredError())
    const { socket, host } = connectTo(target, this.attempts++)
    if (!this.tls) return this.track(socket)
    return negotiateTls(socket, host, this.tls, this.connectTimeoutMs).then(
      (secure) => this.track(secure),
      (error: Error) => failedSocket(error),
    )
  }

  private track(socket: net.Socket): net.Socket {
    const tracked = (this.socket = new TrackedSocket(socket, this.countWrite))
    // A socket error ends the server connection. A failed read emits 'error' at once but
    // 'close' only a turn of the event loop later: a transaction must know it lost its
    // connection as soon as its statement fails, not after it sent ROLLBACK on the dead socket.
    socket.on('error', () => this.closed(tracked))
    if (socket.connecting) socket.once('connect', () => (this.openedAt = performance.now()))
    else this.openedAt = performance.now()
    return socket
  }

  private closed(socket = this.socket): void {
    // Called by postgres.js before it hands a queued statement to a new connection: a held
    // connection must be retired right here, so that statement fails instead.
    if (this.held && !this.retired) this.events.lostWhileHeld(this, socket?.farewell)
  }
}

function retiredError(): Error {
  return Object.assign(new Error('the connection was closed by dbridge and is not reopened'), { code: 'CONNECTION_ENDED' })
}

/**
 * What postgres.js resolved (`.values()`: rows as arrays of text) as a StatementResult. A
 * script of several statements (no parameters) resolves to one result per statement: the
 * last one's rows count.
 */
function toStatementResult(value: unknown): StatementResult {
  let result = value as (string | null)[][] & { count?: number | null; columns?: StatementResult['columns'] }
  if (result.count === undefined && result.length > 0 && (result[0] as unknown as { columns?: unknown }).columns !== undefined) {
    result = result[result.length - 1] as unknown as typeof result
  }
  return { rows: result, count: result.count ?? result.length, columns: result.columns ?? [] }
}
