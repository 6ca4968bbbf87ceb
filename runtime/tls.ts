/**
 * TLS for dbridge's connections: the SSLRequest exchange and the TLS handshake, done before
 * the socket is handed to postgres.js (which then sees a plain, already secure socket). So
 * the socket postgres.js reads is the one dbridge tracks (socket.ts): postgres.js's own TLS
 * upgrade replaces every listener of the socket, and would blind dbridge to a server's
 * farewell and to a close that follows an error.
 */
import net from 'node:net'
import tls from 'node:tls'

/** The `ssl` option: libpq's modes, true (verify-full) or Node TLS options. */
export type TlsMode = 'allow' | 'prefer' | 'require' | 'verify-full' | true | Readonly<Record<string, unknown>>

/** Length 8 and the SSLRequest code 80877103. */
const sslRequest = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f])

function tlsOptions(mode: TlsMode): tls.ConnectionOptions {
  // libpq's require, allow and prefer encrypt without checking the certificate.
  if (mode === 'require' || mode === 'allow' || mode === 'prefer') return { rejectUnauthorized: false }
  if (typeof mode === 'object') return { ...mode }
  return {}
}

/**
 * Asks the server on `socket` (connecting to `host`) for TLS and resolves with the secure
 * socket, or with `socket` itself when the server declines and `mode` allows plain text.
 * Rejects (and destroys the socket) on any failure, or after `timeoutMs`.
 */
export function negotiateTls(socket: net.Socket, host: string, mode: TlsMode, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    let current: net.Socket = socket
    const fail = (error: Error) => {
      clearTimeout(timer)
      current.destroy()
      socket.destroy()
      reject(error)
    }
    const timer = setTimeout(() => fail(Object.assign(new Error(`connect timed out after ${timeoutMs} ms`), { code: 'CONNECT_TIMEOUT' })), timeoutMs)
    socket.once('error', fail)
    socket.once('connect', () => socket.write(sslRequest))
    socket.once('data', (answer: Buffer) => {
      socket.removeListener('error', fail)
      if (answer[0] === 0x4e /* N */ && (mode === 'prefer' || mode === 'allow')) {
        clearTimeout(timer)
        return resolve(socket)
      }
      if (answer[0] !== 0x53 /* S */ || answer.length !== 1) {
        socket.once('error', () => undefined)
        return fail(Object.assign(new Error('the server does not accept SSL connections, and the ssl option requires SSL'), { code: 'SSL_REFUSED' }))
      }
      const secure = tls.connect({ socket, servername: net.isIP(host) ? undefined : host, ...tlsOptions(mode) })
      current = secure
      secure.once('error', fail)
      secure.once('secureConnect', () => {
        clearTimeout(timer)
        secure.removeListener('error', fail)
        resolve(secure)
      })
    })
  })
}
