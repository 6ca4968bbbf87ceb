/**
 * Opening connections: a socket factory for postgres.js that retries refused or timed-out
 * connection attempts with exponential backoff and jitter (bounded), turns Nagle's
 * algorithm off, and counts the open connections for the pool metrics.
 */
import net from 'node:net'

export interface ConnectPolicy {
  /** Further attempts after a failed one. */
  retries: number
  /** First delay; each next one doubles, with jitter, up to `maxDelayMs`. */
  baseDelayMs: number
  maxDelayMs: number
  /** Per attempt. */
  timeoutMs: number
}

/** The delay before retry `attempt` (0-based): exponential, capped, with full jitter above half. */
export function backoffDelay(attempt: number, policy: Pick<ConnectPolicy, 'baseDelayMs' | 'maxDelayMs'>): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt)
  return ceiling / 2 + Math.random() * (ceiling / 2)
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

const retryable = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'CONNECT_TIMEOUT'])

export class ConnectionCounter {
  open = 0
}

interface DriverTarget {
  host: string[]
  port: number[]
  path?: string | false
}

function attempt(target: DriverTarget, index: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = target.path ? net.connect(target.path) : net.connect(target.port[index % target.port.length]!, target.host[index % target.host.length])
    const timer = setTimeout(() => {
      socket.destroy()
      reject(Object.assign(new Error(`connect timed out after ${timeoutMs} ms`), { code: 'CONNECT_TIMEOUT' }))
    }, timeoutMs)
    socket.once('connect', () => {
      clearTimeout(timer)
      socket.removeAllListeners('error')
      // Without it, Nagle's algorithm holds a small write (COPY's CopyDone after its data, a
      // pipelined statement) until the previous one is acknowledged, and the server delays
      // that acknowledgement: a 1-row COPY took 88 ms instead of 0.6 ms.
      socket.setNoDelay(true)
      resolve(socket)
    })
    socket.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
  })
}

/** The `socket` option of postgres.js: connected sockets, with retries, counted. */
export function socketFactory(policy: ConnectPolicy, counter: ConnectionCounter) {
  return async (target: DriverTarget): Promise<net.Socket> => {
    for (let i = 0; ; i++) {
      try {
        const socket = await attempt(target, i, policy.timeoutMs)
        counter.open++
        socket.once('close', () => counter.open--)
        return socket
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        if (i >= policy.retries || !code || !retryable.has(code)) throw error
        await sleep(backoffDelay(i, policy))
      }
    }
  }
}
