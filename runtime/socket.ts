/**
 * The sockets of dbridge's connections. postgres.js opens them through this factory (its
 * `socket` option), which is how dbridge
 * - turns Nagle's algorithm off: with it, a small write (COPY's CopyDone after its data, a
 *   pipelined statement) waits for the previous one to be acknowledged, and the server
 *   delays that acknowledgement: a 1-row COPY took 88 ms instead of 0.6 ms;
 * - refuses to connect again for a connection it retired (see connection.ts);
 * - ends every close of the server connection with an error that carries the server's
 *   reason (the SQLSTATE of its last FATAL message, such as 57P01 when the backend was
 *   terminated), whether the close was clean or a reset, and marks failures that happened
 *   before the server said anything, when no statement can have run;
 * - knows how many connections are open, for the pool metrics.
 *
 * The factory never throws and never rejects: when postgres.js's socket factory rejects,
 * postgres.js never marks the connection closed, and after `max` such failures every later
 * query and `end()` waited forever. A failure is reported as the socket's 'error' event,
 * the way postgres.js's own sockets report it.
 */
import net from 'node:net'

/** Where postgres.js asks to connect (its parsed options). */
export interface SocketTarget {
  readonly host: readonly string[]
  readonly port: readonly number[]
  readonly path?: string | false
}

/** What the server said when it ended a connection (its last message, a FATAL ErrorResponse). */
export interface ServerFarewell {
  readonly code: string
  readonly message: string
}

const neverRanErrors = new WeakSet<object>()

/**
 * Network failures that may pass: another attempt is worth it. A refused TLS handshake, a
 * certificate error or an unknown host fails the same way every time.
 */
const transientCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED'])

function markIfTransient(error: Error): void {
  if (transientCodes.has((error as Error & { code?: string }).code ?? '')) neverRanErrors.add(error)
}

/** Driver errors that end a connection (postgres.js's own, and the socket's). */
const lostConnectionCodes = new Set([...transientCodes, 'CONNECTION_DESTROYED', 'CONNECTION_ENDED'])

/**
 * The error of a statement that failed with its connection before any of it was written to
 * a socket (it waited in postgres.js's queue while the connection died or was retired): a
 * new error, so that marking it never touches the driver's error object, which postgres.js
 * gives to every statement it rejects at once, sent or not. Other failures are returned as
 * they are.
 */
export function unsentFailure(error: unknown): unknown {
  const e = error as (Error & { code?: string; serverCode?: string }) | null
  if (typeof e !== 'object' || e === null || !lostConnectionCodes.has(e.code ?? '')) return error
  const unsent = Object.assign(new Error(`${e.message} (the statement was never sent)`, { cause: e }), { code: e.code, serverCode: e.serverCode })
  neverRanErrors.add(unsent)
  return unsent
}

/**
 * Whether a driver error says the statement never reached a live session, for a reason that
 * may pass: the socket failed before the server sent anything (refused, unreachable, closed
 * during the handshake), or on its first write after it had been idle, or the statement was
 * never written at all (unsentFailure).
 */
export function failedBeforeStartup(error: unknown): boolean {
  return typeof error === 'object' && error !== null && neverRanErrors.has(error)
}

/** One server connection's socket, seen from dbridge. */
export class TrackedSocket {
  /** The server's last message, when it was a FATAL error (read when the socket closes). */
  farewell: ServerFarewell | undefined
  /** The last two chunks received: a FATAL message may straddle them. */
  private previousChunk: Buffer | undefined
  private lastChunk: Buffer | undefined
  private receivedData = false
  /** The first error the socket reported. */
  private failure: Error | undefined
  /** Writes handed to the socket, and how many there were when the connection was last idle. */
  private writes = 0
  private writesWhenIdle = -1

  /** `onWrite` is called on every write handed to the socket. */
  constructor(
    readonly socket: net.Socket,
    onWrite?: () => void,
  ) {
    socket.setNoDelay(true)
    const write = socket.write
    const count = onWrite
      ? () => {
          this.writes++
          onWrite()
        }
      : () => this.writes++
    socket.write = function (this: net.Socket, ...args: Parameters<net.Socket['write']>) {
      count()
      return write.apply(this, args)
    } as net.Socket['write']
    socket.on('data', (chunk: Buffer) => {
      this.receivedData = true
      this.previousChunk = this.lastChunk
      this.lastChunk = chunk
    })
    // Listeners run in the order they were added: these see an event before postgres.js's.
    socket.on('error', (error) => {
      if (!this.receivedData || this.failedFirstWriteSinceIdle(error)) markIfTransient(error)
      // A backend that exits with statements of ours still unread in its socket ends the
      // connection with a reset rather than a clean close (about half of the terminated
      // backends under load), after its FATAL message arrived: the error names that reason too.
      if (!this.failure) nameServerReason(error, this.readFarewell())
      this.failure ??= error
    })
    socket.on('close', (hadError: boolean) => {
      // postgres.js rejects what it had sent when it hears of an error, and expects nothing
      // more after it. But a socket reports a failed write at once and its close only later,
      // and a statement handed to postgres.js in between is written to the dead socket and
      // then waited for forever. Reported again right before postgres.js hears of the close,
      // such a statement fails too (it never left, so it may be sent again).
      // A server that ends the connection (a terminated backend, a restart, a timeout)
      // closes it without an error: then the statements postgres.js rejects get an error
      // that names the server's reason, and a connection that closed during its start-up
      // fails the statement waiting for it, where postgres.js would reconnect for it again
      // and again.
      socket.emit('error', hadError ? this.afterFailureError() : this.closedError())
    })
  }

  /** The connection goes from idle to busy: its next write is the first of a new exchange. */
  markBusy(): void {
    this.writesWhenIdle = this.writes
  }

  /**
   * A connection whose peer went away while it was idle (a restarted server or proxy, a
   * failover) learns it only when it next writes: that write fails with ECONNRESET or
   * EPIPE. When it is the first write since the connection was idle, nothing of what was
   * sent since then left this machine, so none of it ran.
   */
  private failedFirstWriteSinceIdle(error: Error): boolean {
    const e = error as Error & { syscall?: string; code?: string }
    return e.syscall === 'write' && (e.code === 'ECONNRESET' || e.code === 'EPIPE') && this.writes === this.writesWhenIdle + 1
  }

  get open(): boolean {
    return !this.socket.destroyed && !this.socket.connecting
  }

  private afterFailureError(): Error {
    const cause = this.failure as (Error & { code?: string }) | undefined
    // Sent after the socket had failed: it never left, whatever the failure was.
    const error = Object.assign(new Error(`the connection had failed before the statement was sent${cause ? ` (${cause.message})` : ''}`), {
      code: 'CONNECTION_CLOSED',
      serverCode: this.farewell?.code,
    })
    neverRanErrors.add(error)
    return error
  }

  /** The FATAL message the server ended the connection with, if the bytes received end with one. */
  private readFarewell(): ServerFarewell | undefined {
    const tail = this.previousChunk && this.lastChunk ? Buffer.concat([this.previousChunk, this.lastChunk]) : this.lastChunk
    this.farewell = tail && readFatal(tail)
    return this.farewell
  }

  private closedError(): Error {
    this.readFarewell()
    const reason = this.farewell ? `: ${this.farewell.message}` : ''
    const error = Object.assign(new Error(`the server closed the connection${reason}`), {
      code: 'CONNECTION_CLOSED',
      serverCode: this.farewell?.code,
    })
    // Closed before the server said anything (a proxy with no server behind it, say).
    if (!this.receivedData) neverRanErrors.add(error)
    return error
  }
}

/** Adds the server's reason for ending the connection to a socket error (read by toDbError). */
function nameServerReason(error: Error, farewell: ServerFarewell | undefined): void {
  if (!farewell) return
  const e = error as Error & { serverCode?: string }
  e.serverCode = farewell.code
  e.message = `${e.message} (the server ended the connection: ${farewell.message})`
}

const fatalSeverity = /V(FATAL|PANIC)\0/g

/**
 * The SQLSTATE and message of the FATAL ErrorResponse that ends `tail` (the bytes last
 * received), if it ends with one. A backend sends such a message right before it exits,
 * often in one packet with output it had not flushed yet; the message is found by its
 * severity field (never translated) and checked by its length, which must reach exactly
 * the end of what was received.
 */
export function readFatal(tail: Buffer): ServerFarewell | undefined {
  const offset = Math.max(0, tail.length - 4096)
  let severityAt = -1
  for (const match of tail.toString('latin1', offset).matchAll(fatalSeverity)) severityAt = offset + match.index
  if (severityAt < 0) return undefined
  // The message starts a little before its severity field: 'E', its length, the 'S' field.
  for (let start = severityAt - 7; start >= Math.max(0, severityAt - 80); start--) {
    if (tail[start] !== 0x45 /* E */ || tail[start + 5] !== 0x53 /* S */) continue
    if (start + 1 + tail.readUInt32BE(start + 1) !== tail.length) continue
    const fields = new Map<string, string>()
    let field = start + 5
    for (let i = field; i < tail.length - 1; i++) {
      if (tail[i] === 0) {
        fields.set(String.fromCharCode(tail[field]!), tail.toString('utf8', field + 1, i))
        field = i + 1
      }
    }
    const code = fields.get('C')
    if (code) return { code, message: fields.get('M') ?? 'connection ended' }
  }
  return undefined
}

/** A socket that fails with `error` as soon as postgres.js listens to it; nothing ran on it. */
export function failedSocket(error: Error): net.Socket {
  const socket = new net.Socket()
  markIfTransient(error)
  // postgres.js adds its listeners once the factory's promise resolves; setImmediate runs after that.
  setImmediate(() => socket.destroy(error))
  return socket
}

/**
 * Connects to `target` (trying its hosts in turn: `attempt` picks one). The socket carries
 * `host` and `port` as postgres.js's own sockets do: its connection errors (CONNECT_TIMEOUT,
 * CONNECTION_CLOSED) name the address from them, and would read `undefined:undefined`.
 */
export function connectTo(target: SocketTarget, attempt: number): { socket: net.Socket; host: string } {
  if (target.path) return { socket: net.connect(target.path), host: 'localhost' }
  const host = target.host[attempt % target.host.length]!
  const port = target.port[attempt % target.port.length]!
  return { socket: Object.assign(net.connect(port, host), { host, port }), host }
}
