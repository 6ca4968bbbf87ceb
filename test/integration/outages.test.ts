/**
 * Outages: a server that refuses connections, a network that drops and returns (a loopback
 * proxy the test controls), one that silently stops forwarding, a server restarted while
 * idle and while running statements, a wrong password. Every call settles: during the
 * outage with a ConnectionError within connectTimeout plus the retries, after it with a
 * result, without restarting anything; close() always resolves.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb } from '../../generated/index.js'
import { ConnectionError, createDb as createRawDb } from '../../runtime/index.js'
import { startEmbeddedPostgres, type EmbeddedServer } from '../../generator/dev/embedded.js'
import { freePort } from '../support/ports.js'
import { createTestDatabase, readSchemaSql, type TestDatabase } from '../support/database.js'
import { startProxy, type Proxy } from '../support/proxy.js'
import { sleep, terminateRunning, viaPort } from '../support/faults.js'
import { enableTls } from '../support/tls.js'

let database: TestDatabase
let proxy: Proxy

beforeAll(async () => {
  database = await createTestDatabase(readSchemaSql('../../generated/schema.sql'))
  proxy = await startProxy(Number(new URL(database.url).port || 5432), new URL(database.url).hostname)
})
afterAll(async () => {
  await proxy?.close()
  await database?.drop()
})

/** Runs `call` and measures how long it took to settle. */
async function timed<T>(call: () => PromiseLike<T>): Promise<{ outcome: T | unknown; ms: number }> {
  const start = performance.now()
  const outcome = await Promise.resolve(call()).catch((e: unknown) => e)
  return { outcome, ms: performance.now() - start }
}

describe('a server that refuses connections', () => {
  it('every call fails with ConnectionError, none hangs, close() resolves (max 1)', async () => {
    const port = await freePort()
    const db = createRawDb({ url: `postgres://u@127.0.0.1:${port}/x`, max: 1, connectRetries: 1, connectRetryDelay: 10 })
    for (let i = 0; i < 5; i++) {
      const { outcome, ms } = await timed(() => db.sql`select 1`)
      expect(outcome).toBeInstanceOf(ConnectionError)
      // It names the address it could not reach.
      expect((outcome as Error).message).toContain(`127.0.0.1:${port}`)
      expect((outcome as Error).message).not.toContain('undefined')
      expect(ms).toBeLessThan(2000)
    }
    const together = await Promise.all(Array.from({ length: 5 }, () => db.sql`select 1`.catch((e: unknown) => e)))
    for (const outcome of together) expect(outcome).toBeInstanceOf(ConnectionError)
    await db.transaction(async () => undefined).then(
      () => expect.fail('a transaction cannot begin'),
      (e: unknown) => expect(e).toBeInstanceOf(ConnectionError),
    )
    const { ms } = await timed(() => db.close())
    expect(ms).toBeLessThan(2000)
  })
})

describe('a network that drops and comes back', () => {
  it('calls fail with ConnectionError within the retry budget while it is down, and succeed once it is back', async () => {
    await proxy.up()
    const url = viaPort(database.url, proxy.port)
    const db = createDb({ url, connectTimeout: 1000, connectRetries: 2, connectRetryDelay: 50 })
    try {
      await Promise.all(Array.from({ length: 12 }, () => db.genres.count()))
      await proxy.down()
      // More calls than the pool has connections, at once and one after another.
      const start = performance.now()
      const together = await Promise.all(Array.from({ length: 15 }, () => db.genres.count().catch((e: unknown) => e)))
      for (const outcome of together) expect(outcome).toBeInstanceOf(ConnectionError)
      for (let i = 0; i < 12; i++) expect(await db.genres.count().catch((e: unknown) => e)).toBeInstanceOf(ConnectionError)
      // Twelve calls in a row, each within its budget (1 s per attempt, 3 attempts, short backoffs).
      expect(performance.now() - start).toBeLessThan(13 * 3500)
      const failedTransaction = await db.transaction((tx) => tx.genres.insert({ name: 'during-outage' })).catch((e: unknown) => e)
      expect(failedTransaction).toBeInstanceOf(ConnectionError)
      await proxy.up()
      const after = await Promise.all(Array.from({ length: 15 }, () => db.genres.count()))
      expect(after).toEqual(Array(15).fill(0))
      await db.transaction((tx) => tx.genres.insert({ name: 'after-outage' }))
      expect(await db.genres.count()).toBe(1)
      await db.genres.delete({ where: { name: 'after-outage' } })
    } finally {
      const { ms } = await timed(() => db.close())
      expect(ms).toBeLessThan(2000)
    }
  })

  it('a call sent while the network is down waits for it with connectRetries, and succeeds when it returns', async () => {
    await proxy.up()
    const db = createDb({ url: viaPort(database.url, proxy.port), max: 2, connectRetries: 8, connectRetryDelay: 100 })
    try {
      expect(await db.genres.count()).toBe(0)
      await proxy.down()
      const waiting = db.genres.count()
      await sleep(400)
      await proxy.up()
      expect(await waiting).toBe(0)
    } finally {
      await db.close()
    }
  })
})

describe('a server that is starting up', () => {
  it('a BEGIN, and a statement, queued on a connection that cannot start and is retired are sent again: they never left', async () => {
    await proxy.up()
    const db = createDb({ url: viaPort(database.url, proxy.port), max: 1, connectRetries: 5, connectRetryDelay: 20 })
    try {
      proxy.startingUp(2)
      // The only connection is opening for the first count; the second waits in postgres.js's
      // queue, and so does the BEGIN of the transaction, which holds the connection anyway (the
      // least busy one). The server refuses the session (57P03): the held connection is
      // retired, and the queued statements fail without having been sent.
      const counts = [db.genres.count().then((n) => n), db.genres.count().then((n) => n)] // sent now (a query is sent when awaited)
      const transaction = db.transaction((tx) => tx.genres.count())
      expect(await Promise.all([...counts, transaction])).toEqual([0, 0, 0])
    } finally {
      await db.close()
    }
  })
})

describe('a connection reset while BEGIN is on its way', () => {
  it('the transaction begins again on another connection: a session that only began leaves nothing behind', async () => {
    await proxy.up()
    const begins: string[] = []
    const db = createDb({
      url: viaPort(database.url, proxy.port),
      max: 2,
      connectRetries: 2,
      connectRetryDelay: 20,
      onQuery: (event) => event.sql === 'BEGIN' && begins.push(event.error ? event.error.constructor.name : 'ok'),
    })
    try {
      await db.genres.count()
      proxy.resetOn('BEGIN')
      expect(await db.transaction((tx) => tx.genres.count())).toBe(0)
      expect(begins).toEqual(['ConnectionError', 'ok'])
    } finally {
      await db.close()
    }
  })
})

describe('a network that silently stops forwarding', () => {
  it('with statementTimeout set, a statement waiting for an answer fails with ConnectionError; new connections time out; close() resolves', async () => {
    await proxy.up()
    const db = createDb({ url: viaPort(database.url, proxy.port), max: 2, connectTimeout: 500, connectRetries: 0, statementTimeout: 200 })
    try {
      await db.genres.count()
      proxy.blackhole()
      const { outcome, ms } = await timed(() => db.genres.count())
      expect(outcome).toBeInstanceOf(ConnectionError)
      // statementTimeout, plus the grace the server's own cancel has, plus a sweep.
      expect(ms).toBeLessThan(200 + 5000 + 1500)
      // A new connection cannot start: connectTimeout, named with the address it waited for.
      const timedOut = (await timed(() => db.genres.count())).outcome
      expect(timedOut).toBeInstanceOf(ConnectionError)
      expect((timedOut as Error).message).not.toContain('undefined')
      const stuck = db.sql`select 1`.catch((e: unknown) => e)
      const { ms: closing } = await timed(() => db.close({ timeout: 300 }))
      expect(closing).toBeLessThan(2500)
      expect(await stuck).toBeInstanceOf(ConnectionError)
    } finally {
      await proxy.up()
      await db.close()
    }
  })
})

describe('a server that accepts connections and never answers', () => {
  it('the first call fails with CONNECT_TIMEOUT after connectTimeout, naming the address', async () => {
    await proxy.up()
    proxy.blackhole()
    const db = createDb({ url: viaPort(database.url, proxy.port), max: 1, connectTimeout: 300, connectRetries: 0 })
    try {
      const { outcome, ms } = await timed(() => db.genres.count())
      expect(outcome).toBeInstanceOf(ConnectionError)
      expect((outcome as Error).message).toMatch(new RegExp(`CONNECT_TIMEOUT.*127\\.0\\.0\\.1:${proxy.port}\\b`))
      expect(ms).toBeGreaterThanOrEqual(250)
      expect(ms).toBeLessThan(3000)
    } finally {
      await proxy.up()
      await db.close()
    }
  })
})

describe('an embedded server', () => {
  let server: EmbeddedServer
  let port: number
  const dir = mkdtempSync(join(tmpdir(), 'dbridge-outage-'))

  beforeAll(async () => {
    port = await freePort()
    server = await startEmbeddedPostgres({ dir, port })
  })
  afterAll(async () => {
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('restarted while idle: the next calls succeed; restarted while a statement runs: that statement fails with ConnectionError, later ones succeed', async () => {
    const db = createRawDb({ url: server.url, max: 3, connectRetries: 10, connectRetryDelay: 200 })
    try {
      await Promise.all([db.sql`select pg_sleep(0.05)`, db.sql`select pg_sleep(0.05)`, db.sql`select pg_sleep(0.05)`])
      await server.stop()
      server = await startEmbeddedPostgres({ dir, port })
      expect(await db.sql`select 1 as one`).toEqual([{ one: 1 }])
      expect(await Promise.all([db.sql`select 2 as two`, db.sql`select 2 as two`, db.sql`select 2 as two`])).toEqual(Array(3).fill([{ two: 2 }]))

      const running = db.sql`select pg_sleep(30)`.catch((e: unknown) => e)
      const inTransaction = db
        .transaction(async (tx) => {
          await tx.sql`select 1`
          await tx.sql`select pg_sleep(30)`
        })
        .catch((e: unknown) => e)
      await sleep(300)
      await server.stop()
      expect(await running).toBeInstanceOf(ConnectionError)
      expect(await inTransaction).toBeInstanceOf(ConnectionError)
      // Sent while the server is down; it comes back a moment later.
      const waiting = db.sql`select 3 as three`
      await sleep(300)
      server = await startEmbeddedPostgres({ dir, port })
      expect(await waiting).toEqual([{ three: 3 }])
      expect(await db.transaction((tx) => tx.sql`select 4 as four`)).toEqual([{ four: 4 }])
    } finally {
      const { ms } = await timed(() => db.close())
      expect(ms).toBeLessThan(2000)
    }
  })

  it('over TLS: connects with ssl require, and a terminated backend still gives the server code; certificate and refused-TLS failures are not retried', async () => {
    await enableTls(server.url, join(dir, 'data'))
    const secure = createRawDb({ url: server.url, max: 2, ssl: 'require', connectRetries: 5, connectRetryDelay: 300 })
    try {
      expect(await secure.sql`select ssl from pg_stat_ssl where pid = pg_backend_pid()`).toEqual([{ ssl: true }])
      const running = secure.sql`select pg_sleep(5) as marker_tls`.catch((e: unknown) => e)
      await terminateRunning(server.url, 'marker_tls')
      const killed = await running
      expect(killed).toBeInstanceOf(ConnectionError)
      expect((killed as ConnectionError).code).toBe('57P01')
      expect(await secure.sql`select 1 as one`).toEqual([{ one: 1 }])
    } finally {
      await secure.close()
    }
    // A self-signed certificate does not pass verify-full: a ConnectionError at once, not after five retries.
    const verifying = createRawDb({ url: server.url, max: 1, ssl: 'verify-full', connectRetries: 5, connectRetryDelay: 300 })
    try {
      const { outcome, ms } = await timed(() => verifying.sql`select 1`)
      expect(outcome).toBeInstanceOf(ConnectionError)
      expect(ms).toBeLessThan(1000)
    } finally {
      await verifying.close()
    }
    // The test server on DATABASE_URL has no TLS: require fails at once, prefer falls back.
    const refused = createRawDb({ url: database.url, max: 1, ssl: 'require', connectRetries: 5, connectRetryDelay: 300 })
    const preferred = createRawDb({ url: database.url, max: 1, ssl: 'prefer' })
    try {
      const { outcome, ms } = await timed(() => refused.sql`select 1`)
      expect(outcome).toBeInstanceOf(ConnectionError)
      expect((outcome as Error).message).toMatch(/does not accept SSL/)
      expect(ms).toBeLessThan(1000)
      expect(await preferred.sql`select 1 as one`).toEqual([{ one: 1 }])
    } finally {
      await refused.close()
      await preferred.close()
    }
  })

  it('a wrong password is a ConnectionError with code 28P01 that never shows the password, and is not retried', async () => {
    const url = new URL(server.url)
    url.password = 'not-the-Password-9f3a'
    const db = createRawDb({ url: url.href, max: 1, connectRetries: 5, connectRetryDelay: 500 })
    try {
      const { outcome, ms } = await timed(() => db.sql`select 1`)
      expect(outcome).toBeInstanceOf(ConnectionError)
      expect((outcome as ConnectionError).code).toBe('28P01')
      expect(ms).toBeLessThan(1000)
      const { inspect } = await import('node:util')
      expect(inspect(outcome, { depth: 10 })).not.toContain('not-the-Password-9f3a')
      expect(String((outcome as Error).stack)).not.toContain('not-the-Password-9f3a')
    } finally {
      await db.close()
    }
  })
})
