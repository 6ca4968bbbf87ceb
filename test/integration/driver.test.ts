/**
 * The postgres.js behaviours the runtime relies on (see runtime/connection.ts,
 * runtime/socket.ts and docs/runtime.md), pinned against a real server: an upgrade of the
 * driver that changes one of them fails here, by name, before it can break a guarantee.
 */
import net from 'node:net'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../support/database.js'
import { sleep, terminateBackend } from '../support/faults.js'
import { freePort } from '../support/ports.js'
import { unsafeQuery } from '../../runtime/connection.js'

let database: TestDatabase

beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => {
  await database?.drop()
})

type Options = postgres.Options<never>

/** A postgres.js instance as dbridge makes them: max 1, no timers, a socket factory. */
function instance(extra: Partial<Options> & { socket?: unknown; onSocket?: (socket: net.Socket) => void } = {}) {
  const { onSocket, ...options } = extra
  return postgres(database.url, {
    max: 1,
    idle_timeout: null as never,
    max_lifetime: null as never,
    backoff: 0 as never,
    onnotice: () => {},
    socket: ((target: { host: string[]; port: number[] }) => {
      const socket = net.connect(target.port[0]!, target.host[0])
      onSocket?.(socket)
      return socket
    }) as never,
    ...options,
  } as Options)
}

const pidOf = async (sql: postgres.Sql) => (await sql.unsafe<{ pid: number }[]>('select pg_backend_pid() as pid'))[0]!.pid

describe('postgres.js as dbridge uses it', () => {
  it('with max 1, BEGIN and COMMIT may be sent as plain statements (no UNSAFE_TRANSACTION)', async () => {
    const sql = instance()
    try {
      await sql.unsafe('BEGIN')
      await sql.unsafe('create temp table pinned (x int) on commit drop')
      await sql.unsafe('COMMIT')
    } finally {
      await sql.end()
    }
  })

  it('describe() gives parameter type OIDs and result columns with type, table OID and column number (typed SQL files read them); a statement without rows gives no columns', async () => {
    const sql = postgres(database.url, { max: 1, onnotice: () => {} })
    try {
      await sql`create table if not exists described (id int8 not null, title text)`
      const described = (await sql.unsafe('select id, title, $1::int4 + 1 as n from described where title = $2').describe()) as unknown as {
        types: number[]
        columns: { name: string; type: number; table: number; number: number }[]
      }
      const [{ oid }] = (await sql`select 'described'::regclass::oid::int as oid`) as unknown as [{ oid: number }]
      expect(described.types).toEqual([23, 25])
      expect(described.columns.map((c) => [c.name, c.type, c.table, c.number])).toEqual([
        ['id', 20, oid, 1],
        ['title', 25, oid, 2],
        ['n', 23, 0, 0],
      ])
      const write = (await sql.unsafe('update described set title = $1').describe()) as unknown as { types: number[]; columns: unknown[] | null }
      expect(write.types).toEqual([25])
      expect(write.columns ?? []).toEqual([])
      // A rejected statement fails with PostgreSQL's message and the error's position in the text.
      const error = await sql.unsafe('select nmae from described').describe().then(() => undefined, (e: unknown) => e)
      expect(error).toMatchObject({ name: 'PostgresError', message: 'column "nmae" does not exist', position: '8' })
    } finally {
      await sql.end()
    }
  })

  it('values() gives rows as arrays of text (with the text type overridden), with count and columns', async () => {
    const sql = instance({ types: { text: { to: 25, from: [16, 20, 23, 1700, 1184], parse: (x: string) => x, serialize: (x: unknown) => String(x) } } as never })
    try {
      const result = await sql.unsafe('select 1::int4 as a, 2::int8 as b, true as c, $1::numeric as d', ['1.50'], { prepare: true }).values()
      expect([...result]).toEqual([['1', '2', 't', '1.50']])
      expect(result.count).toBe(1)
      expect(result.columns.map((c) => [c.name, c.type])).toEqual([['a', 23], ['b', 20], ['c', 16], ['d', 1700]])
      // Without parameters a text of several statements is a script: one result per statement.
      const script = await sql.unsafe('select 1 as x; select 2 as y').values()
      expect(script).toHaveLength(2)
    } finally {
      await sql.end()
    }
  })

  it('onclose is called before a statement queued on the instance is handed to a new connection, and retiring there fails it', async () => {
    const order: string[] = []
    let retired = false
    const sql = instance({
      onclose: () => {
        order.push('onclose')
        retired = true
      },
      socket: ((target: { host: string[]; port: number[] }) => {
        order.push(retired ? 'socket refused' : 'socket')
        const socket = retired ? new net.Socket() : net.connect(target.port[0]!, target.host[0])
        if (retired) setImmediate(() => socket.destroy(Object.assign(new Error('retired'), { code: 'RETIRED' })))
        return socket
      }) as never,
    })
    try {
      const pid = await pidOf(sql)
      // A slow statement, then one with a parameter: its description waits behind the
      // slow one, and the statements after it wait in the instance's own queue.
      const slow = sql.unsafe('select pg_sleep(2)').catch((e: unknown) => e)
      const queued = Array.from({ length: 5 }, (_, i) => sql.unsafe('select $1::int as i', [i], { prepare: true }).catch((e: { code?: string }) => e.code))
      await sleep(200)
      await terminateBackend(database.url, pid)
      await slow
      const codes = await Promise.all(queued)
      expect(order.slice(0, 2)).toEqual(['socket', 'onclose'])
      expect(order).toContain('socket refused')
      expect(codes.every((code) => code === 'RETIRED' || code === 'CONNECTION_CLOSED' || code === 'CONNECTION_DESTROYED')).toBe(true)
    } finally {
      await sql.end({ timeout: 0 })
    }
  })

  it('a statement sent after the connection closed reconnects (for statements outside transactions)', async () => {
    const sql = instance()
    try {
      const pid = await pidOf(sql)
      await terminateBackend(database.url, pid)
      expect(await pidOf(sql)).not.toBe(pid)
    } finally {
      await sql.end()
    }
  })

  it('an error on the socket rejects what was sent, with that error object', async () => {
    let socket!: net.Socket
    const sql = instance({ onSocket: (s) => (socket = s) })
    try {
      await pidOf(sql)
      const running = sql.unsafe('select pg_sleep(5)').catch((e: unknown) => e)
      await sleep(100)
      const error = Object.assign(new Error('pinned'), { code: 'PINNED' })
      socket.destroy(error)
      expect(await running).toBe(error)
    } finally {
      await sql.end({ timeout: 0 })
    }
  })

  it('the FATAL message of a backend terminated mid-statement is delivered to the next connection’s first statement (the leftover dbridge treats as never run)', async () => {
    const sql = instance()
    try {
      await pidOf(sql)
      const running = sql.unsafe('select pg_sleep(5) as marker_pinned_leftover').catch((e: unknown) => e)
      await sleep(200)
      const admin = postgres(database.url, { max: 1, onnotice: () => {} })
      await admin.unsafe("select pg_terminate_backend(pid) from pg_stat_activity where query like '%marker_pinned_leftover%' and pid <> pg_backend_pid()")
      await admin.end()
      expect(await running).toMatchObject({ code: 'CONNECTION_CLOSED' })
      const next = await sql.unsafe('select 1').catch((e: { code?: string; severity?: string }) => e)
      expect(next).toMatchObject({ code: '57P01', severity: 'FATAL' })
      // And the statement after it runs.
      expect(await sql.unsafe('select 2 as two')).toEqual([{ two: 2 }])
    } finally {
      await sql.end({ timeout: 0 })
    }
  })

  it('end({ timeout: 0 }) rejects what is still pending and resolves', async () => {
    const sql = instance()
    const running = sql.unsafe('select pg_sleep(5)').catch((e: { code?: string }) => e.code)
    await sleep(100)
    await sql.end({ timeout: 0 })
    expect(await running).toBe('CONNECTION_DESTROYED')
  })

  it('a refused connection rejects the statement waiting for it with the socket error; backend 0 reconnects at once', async () => {
    const port = await freePort()
    const sql = postgres(`postgres://nobody@127.0.0.1:${port}/none`, {
      max: 1,
      backoff: 0 as never,
      socket: ((target: { host: string[]; port: number[] }) => net.connect(target.port[0]!, target.host[0])) as never,
    } as Options)
    try {
      for (let i = 0; i < 3; i++) {
        const start = performance.now()
        expect(await sql.unsafe('select 1').catch((e: { code?: string }) => e.code)).toBe('ECONNREFUSED')
        expect(performance.now() - start).toBeLessThan(1000)
      }
    } finally {
      await sql.end({ timeout: 0 })
    }
  })

  it('a cursor whose connection is lost while its caller handles a batch ends as if complete (which dbridge guards against)', async () => {
    let closed!: () => void
    const whenClosed = new Promise<void>((resolve) => (closed = resolve))
    const sql = instance({ onclose: () => closed() })
    try {
      const pid = await pidOf(sql)
      let batches = 0
      for await (const rows of sql.unsafe('select x from generate_series(1, 100000) x').cursor(10)) {
        void rows
        if (batches++ === 0) {
          await terminateBackend(database.url, pid)
          // The driver has heard of the close before the loop asks for the next batch.
          await whenClosed
        }
      }
      expect(batches).toBe(1)
    } finally {
      await sql.end({ timeout: 0 })
    }
  })

  it('a failed unsafe() query leaves its strings in a module-level Map for good, unless the query has an own origin (what unsafeQuery gives it)', async () => {
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const collected = async (ref: WeakRef<object>) => {
      for (let i = 0; i < 5 && ref.deref() !== undefined; i++) {
        await sleep(10)
        gc()
      }
      return ref.deref() === undefined
    }
    const sql = instance()
    try {
      const fail = async (send: (text: string) => postgres.PendingQuery<postgres.Row[]>) => {
        const query = send('select 1/0 as never')
        const ref = new WeakRef((query as unknown as { strings: object }).strings)
        const error = (await query.catch((e: unknown) => e)) as Error
        return { ref, error }
      }
      // As postgres.js 3.4.9 is: the query's strings stay reachable (originStackCache in
      // src/query.js). When this fails, the driver no longer leaks and unsafeQuery's own
      // origin can go.
      const plain = await fail((text) => sql.unsafe(text))
      expect(plain.error).toMatchObject({ code: '22012' })
      expect(await collected(plain.ref)).toBe(false)
      // With an own origin, nothing is kept; the error is the same, its stack without a call site.
      const own = await fail((text) => unsafeQuery(sql, text))
      expect(own.error).toMatchObject({ code: '22012' })
      expect(own.error.stack).toBe(plain.error.stack!.replace(plain.error.message, own.error.message))
      expect(await collected(own.ref)).toBe(true)
    } finally {
      await sql.end()
    }
  })

  it('a statement postgres.js has not handed to a connection yet has no state; ended then, it fails with CONNECTION_DESTROYED (dbridge: never sent)', async () => {
    const sql = instance()
    const opening = sql.unsafe('select 1 as one')
    const queued = sql.unsafe('select 2 as two')
    const outcomes = [opening, queued].map((q) => q.then(() => 'ok', (e: { code?: string }) => e.code))
    await new Promise((resolve) => setImmediate(resolve))
    // The connection is still opening: the first statement waits for it, the second in the queue.
    expect((queued as unknown as { state: unknown }).state).toBeNull()
    await sql.end({ timeout: 0 })
    expect((await Promise.all(outcomes))[1]).toBe('CONNECTION_DESTROYED')
    expect((queued as unknown as { state: unknown }).state).toBeNull()
    // One handed to the connection has a state.
    const other = instance()
    try {
      const ran = other.unsafe('select 3 as three')
      await ran
      expect((ran as unknown as { state: unknown }).state).toBeTruthy()
    } finally {
      await other.end()
    }
  })

  it('array literals are split by parsers assigned to options.parsers[typarray] after typeArrayMap records the element type; they get the literal without its first character', async () => {
    const sql = instance()
    const assigned: { key: string; elementKnown: boolean }[] = []
    const parsers = (sql.options as unknown as { parsers: object }).parsers
    const typeArrayMap = (sql.options as unknown as { shared: { typeArrayMap: Record<string, unknown> } }).shared.typeArrayMap
    Object.setPrototypeOf(
      parsers,
      new Proxy(Object.getPrototypeOf(parsers) as object, {
        set(_target, key, value, receiver) {
          assigned.push({ key: String(key), elementKnown: Object.values(typeArrayMap).some((v) => Number(v) === Number(key)) })
          Object.defineProperty(receiver, key, { value, writable: true, enumerable: true, configurable: true })
          return true
        },
      }),
    )
    try {
      const [row] = await sql.unsafe(`select array['a', null, 'NULL']::text[] as t`)
      expect(assigned.find((a) => a.key === '1009')).toEqual({ key: '1009', elementKnown: true })
      expect((parsers as Record<string, { array?: boolean }>)['1009']!.array).toBe(true)
      // What runtime/driver-arrays.ts replaces: on its own, the driver reads a NULL element as 'NULL'.
      expect(row!.t).toEqual(['a', 'NULL', 'NULL'])
    } finally {
      await sql.end()
    }
  })
})
