/**
 * Faults a production system meets: backends terminated at every point of a transaction,
 * mid-statement, mid-COPY, mid-stream and while idle; server-side timeouts; pool
 * exhaustion. Whatever happens, the process lives, every call settles, the caller gets a
 * ConnectionError (with the server's code when it sent one), nothing of an unfinished
 * transaction is committed, and the pool goes on serving.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../../generated/index.js'
import { ConnectionError, DbError, TimeoutError } from '../../runtime/index.js'
import { createTestDatabase, readSchemaSql, type TestDatabase } from '../support/database.js'
import { sleep, terminateAll, terminateBackend, terminateRunning } from '../support/faults.js'

let database: TestDatabase
let db: Db

beforeAll(async () => {
  database = await createTestDatabase(readSchemaSql('../../generated/schema.sql'))
  db = createDb({ url: database.url, max: 4 })
})
afterAll(async () => {
  await db?.close()
  await database?.drop()
})
beforeEach(async () => {
  await db.sql`TRUNCATE genres RESTART IDENTITY CASCADE`
})

const backendPid = async (tx: Db) => (await tx.sql<{ pid: number }>`select pg_backend_pid() as pid`)[0]!.pid

describe('a transaction whose connection dies', () => {
  it('between statements, by idle_in_transaction_session_timeout: ConnectionError with the server code; nothing committed', async () => {
    const outcome = await db
      .transaction(async (tx) => {
        await tx.sql`set local idle_in_transaction_session_timeout = 200`
        await tx.genres.insert({ name: 'idle-timeout' })
        await sleep(600)
      })
      .catch((e: unknown) => e)
    expect(outcome).toBeInstanceOf(ConnectionError)
    expect((outcome as ConnectionError).code).toBe('25P03')
    expect(await db.genres.count({ where: { name: 'idle-timeout' } })).toBe(0)
    // The pool goes on serving, transactions included.
    await db.transaction((tx) => tx.genres.insert({ name: 'after' }))
    expect(await db.genres.count()).toBe(1)
  })

  it('terminated before any step, between steps, or before COMMIT: ConnectionError (57P01), nothing committed', async () => {
    const steps = 3
    for (let killAt = 0; killAt <= steps; killAt++) {
      const name = (step: string) => `kill${killAt}-${step}`
      const outcome = await db
        .transaction(async (tx) => {
          const pid = await backendPid(tx)
          const work = [
            () => tx.genres.insert({ name: name('a') }),
            () => tx.genres.insert({ name: name('b') }),
            () => tx.genres.update({ where: { name: name('a') }, set: { name: name('c') } }),
          ]
          for (let step = 0; step <= steps; step++) {
            if (step === killAt) await terminateBackend(database.url, pid)
            if (step < steps) await work[step]!()
          }
        })
        .catch((e: unknown) => e)
      expect(outcome, `killed at step ${killAt}`).toBeInstanceOf(ConnectionError)
      expect((outcome as ConnectionError).code, `killed at step ${killAt}`).toBe('57P01')
      expect(await db.genres.count({ where: { name: { startsWith: `kill${killAt}-` } } })).toBe(0)
    }
    expect(await db.genres.count()).toBe(0)
  })

  it('mid-statement: ConnectionError for the statement and the transaction; nothing committed', async () => {
    let statementError: unknown
    const outcome = await db
      .transaction(async (tx) => {
        await tx.genres.insert({ name: 'half-done' })
        const running = tx.sql`select pg_sleep(5) as marker_mid_tx`.catch((e: unknown) => (statementError = e))
        await terminateRunning(database.url, 'marker_mid_tx')
        await running
        // The caller goes on regardless: nothing more may reach the server.
        await tx.genres.insert({ name: 'after-the-kill' })
      })
      .catch((e: unknown) => e)
    expect(statementError).toBeInstanceOf(ConnectionError)
    expect((statementError as ConnectionError).code).toBe('57P01')
    expect(outcome).toBeInstanceOf(ConnectionError)
    expect(await db.genres.count()).toBe(0)
  })

  it('a savepoint that fails as its connection dies (before or during its ROLLBACK TO) rejects with ConnectionError, not with its own error; nothing committed', async () => {
    // waitForClose: the client has heard of the close before the savepoint rolls back;
    // otherwise the ROLLBACK TO meets the dying connection.
    for (const waitForClose of [true, false, true, false, false]) {
      let savepointOutcome: unknown
      const outcome = await db
        .transaction(async (tx) => {
          const pid = await backendPid(tx)
          await tx.genres.insert({ name: 'sp-outer' })
          savepointOutcome = await tx
            .transaction(async (sp) => {
              await sp.genres.insert({ name: 'sp-inner' })
              const duplicate = await sp.genres.insert({ name: 'sp-outer' }).catch((e: unknown) => e)
              expect(duplicate).toBeInstanceOf(DbError)
              if (waitForClose) await terminateBackend(database.url, pid)
              else await db.sql`select pg_terminate_backend(${pid})`
              throw duplicate
            })
            .catch((e: unknown) => e)
          // A caller that treats the savepoint's failure as handled carries on.
          return 'committed'
        })
        .catch((e: unknown) => e)
      expect(savepointOutcome, `waitForClose ${waitForClose}`).toBeInstanceOf(ConnectionError)
      expect((savepointOutcome as ConnectionError).code, `waitForClose ${waitForClose}`).toBe('57P01')
      // Also when the ROLLBACK TO failed on a reset socket, before the socket's close.
      expect(outcome, `waitForClose ${waitForClose}`).toBeInstanceOf(ConnectionError)
      expect((outcome as ConnectionError).code, `waitForClose ${waitForClose}`).toBe('57P01')
      expect(await db.genres.count()).toBe(0)
    }
  })

  it('statements queued behind a slow one never run outside the transaction on a new connection', async () => {
    const single = createDb({ url: database.url, max: 1 })
    try {
      let settled: unknown[] = []
      const outcome = await single
        .transaction(async (tx) => {
          const pid = await backendPid(tx)
          // The inserts wait behind the sleep (the first one also for its statement's description).
          const slow = tx.sql`select pg_sleep(2) as marker_queue`.catch((e: unknown) => e)
          const inserts = Array.from({ length: 50 }, (_, i) => tx.genres.insert({ name: `queued-${i}` }).catch((e: unknown) => e))
          await sleep(300)
          await terminateBackend(database.url, pid)
          settled = await Promise.all([slow, ...inserts])
        })
        .catch((e: unknown) => e)
      expect(outcome).toBeInstanceOf(ConnectionError)
      expect(settled).toHaveLength(51)
      for (const result of settled) expect(result).toBeInstanceOf(ConnectionError)
      await sleep(200)
      expect(await single.genres.count()).toBe(0)
      expect(await db.genres.count()).toBe(0)
    } finally {
      await single.close()
    }
  })

  it('in a batch: ConnectionError; nothing committed', async () => {
    const batchDb = createDb({ url: database.url, max: 1 })
    try {
      const running = batchDb
        .batch([batchDb.genres.insert({ name: 'batch-a' }), batchDb.sql`select pg_sleep(5) as marker_batch2`, batchDb.genres.insert({ name: 'batch-b' })])
        .catch((e: unknown) => e)
      await terminateRunning(database.url, 'marker_batch2')
      expect(await running).toBeInstanceOf(ConnectionError)
      expect(await batchDb.genres.count()).toBe(0)
    } finally {
      await batchDb.close()
    }
  })
})

describe('COPY and streams whose connection dies', () => {
  it('copyFrom: ConnectionError, no row copied, the pool goes on', async () => {
    let pid = 0
    async function* rows() {
      for (let i = 0; i < 100_000; i++) {
        if (i === 1000) {
          const [row] = await db.sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database() and query like 'COPY %' and pid <> pg_backend_pid()`
          pid = row!.pid
          await terminateBackend(database.url, pid)
        }
        yield { name: `copied-${i}` }
      }
    }
    const outcome = await db.genres.copyFrom(rows()).catch((e: unknown) => e)
    expect(pid).toBeGreaterThan(0)
    expect(outcome).toBeInstanceOf(ConnectionError)
    expect(await db.genres.count()).toBe(0)
    expect(await db.genres.insert({ name: 'after' })).toMatchObject({ name: 'after' })
  })

  it('stream: the loop rejects with ConnectionError; the pool goes on', async () => {
    await db.genres.insertMany(Array.from({ length: 500 }, (_, i) => ({ name: `s${i}` })))
    let seen = 0
    const outcome = await (async () => {
      for await (const row of db.genres.stream({ batchSize: 50 })) {
        void row
        if (seen++ === 0) {
          const [active] = await db.sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database() and query like 'SELECT %genres%' and pid <> pg_backend_pid()`
          await terminateBackend(database.url, active!.pid)
        }
      }
    })().catch((e: unknown) => e)
    expect(outcome).toBeInstanceOf(ConnectionError)
    expect(seen).toBeLessThan(500)
    expect(await db.genres.count()).toBe(500)
  })
})

describe('connections terminated outside a transaction', () => {
  it('mid-statement: ConnectionError with the server code for that statement; the next succeed', async () => {
    const single = createDb({ url: database.url, max: 1 })
    try {
      await single.genres.count()
      const running = single.sql`select pg_sleep(5) as marker_mid_query`.catch((e: unknown) => e)
      await terminateRunning(database.url, 'marker_mid_query')
      const error = await running
      expect(error).toBeInstanceOf(ConnectionError)
      expect((error as ConnectionError).code).toBe('57P01')
      expect(await single.genres.count()).toBe(0)
      expect(await single.genres.count()).toBe(0)
    } finally {
      await single.close()
    }
  })

  it('mid-statement with statements of ours still unread by the backend (the close arrives as a reset): each ConnectionError has the server code', async () => {
    const single = createDb({ url: database.url, max: 1 })
    // Each statement carries 20 kB: the pipelined ones fill the backend's socket beyond what
    // it has read, so its exit resets the connection instead of closing it cleanly.
    const big = 'x'.repeat(20_000)
    try {
      await single.sql`select length(${big}) as n`
      const running = [
        single.sql`select pg_sleep(5) as marker_reset`,
        ...Array.from({ length: 20 }, () => single.sql`select length(${big}) as n`),
      ].map((call) => call.catch((e: unknown) => e))
      await terminateRunning(database.url, 'marker_reset')
      const errors = await Promise.all(running)
      // Usually a reset; on a loaded machine the backend may have read everything before it
      // exits, and the close arrives cleanly. Either way the server's code must come through.
      expect(['ECONNRESET', 'CONNECTION_CLOSED']).toContain(((errors[0] as ConnectionError).cause as { code?: string }).code)
      for (const error of errors) {
        expect(error).toBeInstanceOf(ConnectionError)
        expect((error as ConnectionError).code).toBe('57P01')
      }
      expect((errors[0] as Error).message).toMatch(/terminating connection due to administrator command/)
      expect(await single.genres.count()).toBe(0)
    } finally {
      await single.close()
    }
  })

  it('while idle: the next calls reconnect and succeed', async () => {
    const pool = createDb({ url: database.url, max: 3 })
    try {
      await Promise.all([pool.sql`select pg_sleep(0.05)`, pool.sql`select pg_sleep(0.05)`, pool.sql`select pg_sleep(0.05)`])
      expect(await terminateAll(database.url)).toBeGreaterThanOrEqual(3)
      const results = await Promise.all(Array.from({ length: 10 }, () => pool.genres.count()))
      expect(results).toEqual(Array(10).fill(0))
      await pool.transaction((tx) => tx.genres.insert({ name: 'after-idle-kill' }))
      expect(await pool.genres.count()).toBe(1)
    } finally {
      await pool.close()
    }
  })
})

describe('pool exhaustion', () => {
  it('callers wait for a connection up to acquireTimeout, then get TimeoutError; waiting shows in metrics', async () => {
    const small = createDb({ url: database.url, max: 2, acquireTimeout: 300 })
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    try {
      const holders = [0, 1].map(() =>
        small.transaction(async (tx) => {
          await tx.genres.count()
          await held
        }),
      )
      await sleep(100)
      const waiting = small.genres.count().catch((e: unknown) => e)
      await sleep(50)
      expect(small.metrics().pool.waiting).toBe(1)
      expect(await waiting).toBeInstanceOf(TimeoutError)
      release()
      await Promise.all(holders)
      expect(await small.genres.count()).toBe(0)
      expect(small.metrics().pool.waiting).toBe(0)
    } finally {
      release()
      await small.close()
    }
  })
})

describe('connection lifetime', () => {
  it('idle connections are closed after idleTimeout, and the pool reopens them', async () => {
    const idle = createDb({ url: database.url, max: 2, idleTimeout: 150 })
    try {
      await Promise.all([idle.sql`select pg_sleep(0.05)`, idle.sql`select pg_sleep(0.05)`])
      expect(idle.metrics().pool.total).toBe(2)
      await sleep(600)
      expect(idle.metrics().pool.total).toBe(0)
      expect(await idle.genres.count()).toBe(0)
    } finally {
      await idle.close()
    }
  })

  it('connections older than maxLifetime are replaced once idle', async () => {
    const aging = createDb({ url: database.url, max: 1, maxLifetime: 200 })
    try {
      const [first] = await aging.sql<{ pid: number }>`select pg_backend_pid() as pid`
      await sleep(600)
      const [second] = await aging.sql<{ pid: number }>`select pg_backend_pid() as pid`
      expect(second!.pid).not.toBe(first!.pid)
    } finally {
      await aging.close()
    }
  })

  it('a transaction idle longer than idleTimeout and older than maxLifetime keeps its connection and commits', async () => {
    const short = createDb({ url: database.url, max: 1, idleTimeout: 100, maxLifetime: 150 })
    try {
      await short.transaction(async (tx) => {
        const pid = await backendPid(tx)
        await tx.genres.insert({ name: 'slow-1' })
        await sleep(400)
        await tx.genres.insert({ name: 'slow-2' })
        expect(await backendPid(tx)).toBe(pid)
      })
      expect(await short.genres.count()).toBe(2)
    } finally {
      await short.close()
    }
  })
})

describe('statement timeout', () => {
  it('is a TimeoutError (57014); the connection stays usable, also in a transaction with a savepoint', async () => {
    const slow = createDb({ url: database.url, max: 1, statementTimeout: 100 })
    try {
      const error = await slow.sql`select pg_sleep(1)`.catch((e: unknown) => e)
      expect(error).toBeInstanceOf(TimeoutError)
      expect((error as DbError).code).toBe('57014')
      await slow.transaction(async (tx) => {
        await tx.genres.insert({ name: 'kept' })
        await expect(tx.transaction((sp) => sp.sql`select pg_sleep(1)`)).rejects.toBeInstanceOf(TimeoutError)
      })
      expect(await slow.genres.count()).toBe(1)
    } finally {
      await slow.close()
    }
  })
})
