/**
 * A loopback TCP proxy in front of a PostgreSQL server, for network faults the tests
 * control: `down()` resets every connection and refuses new ones, `blackhole()` keeps
 * connections open but forwards nothing (a network that silently drops packets), `up()`
 * forwards again. `startingUp(n)` answers the next n connections as a server that is still
 * starting: FATAL 57P03 after the client's first message, then the close. `resetOn(text)`
 * resets the next connection whose client sends `text`, instead of forwarding it.
 */
import net from 'node:net'

export type ProxyState = 'up' | 'down' | 'blackhole'

export interface Proxy {
  readonly port: number
  readonly state: ProxyState
  /** Connections accepted so far. */
  readonly accepted: number
  up(): Promise<void>
  down(): Promise<void>
  blackhole(): void
  startingUp(connections: number): void
  resetOn(text: string): void
  close(): Promise<void>
}

/** The ErrorResponse a server sends while it starts: FATAL, 57P03. */
function startingUpMessage(): Buffer {
  const fields = Buffer.from('SFATAL\0VFATAL\0C57P03\0Mthe database system is starting up\0\0')
  const head = Buffer.alloc(5)
  head.write('E', 0)
  head.writeUInt32BE(4 + fields.length, 1)
  return Buffer.concat([head, fields])
}

export async function startProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<Proxy> {
  const pairs = new Set<[net.Socket, net.Socket]>()
  let state: ProxyState = 'up'
  let accepted = 0
  let refuseStartups = 0
  let resetMarker: string | undefined
  const server = net.createServer((client) => {
    accepted++
    if (state === 'down') return client.resetAndDestroy()
    if (refuseStartups > 0) {
      refuseStartups--
      client.once('data', () => client.end(startingUpMessage()))
      client.on('error', () => client.destroy())
      return
    }
    const upstream = net.connect(targetPort, targetHost)
    const pair: [net.Socket, net.Socket] = [client, upstream]
    pairs.add(pair)
    const forward = (from: net.Socket, to: net.Socket) =>
      from.on('data', (chunk) => {
        if (from === client && resetMarker !== undefined && chunk.includes(resetMarker)) {
          resetMarker = undefined
          client.resetAndDestroy()
          upstream.destroy()
          return
        }
        if (state === 'up') to.write(chunk)
      })
    forward(client, upstream)
    forward(upstream, client)
    const end = () => {
      pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    client.on('error', end).on('close', end)
    upstream.on('error', end).on('close', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  return {
    port,
    get state() {
      return state
    },
    get accepted() {
      return accepted
    },
    async up() {
      state = 'up'
      if (!server.listening) await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
    },
    async down() {
      state = 'down'
      for (const [client, upstream] of pairs) {
        client.resetAndDestroy()
        upstream.destroy()
      }
      pairs.clear()
      // Closed, the port refuses connections (ECONNREFUSED), as a server that is down does.
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
    blackhole() {
      state = 'blackhole'
    },
    startingUp(connections) {
      refuseStartups = connections
    },
    resetOn(text) {
      resetMarker = text
    },
    async close() {
      state = 'down'
      for (const [client, upstream] of pairs) {
        client.destroy()
        upstream.destroy()
      }
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
