/**
 * Through a real PgBouncer in transaction-pooling mode with `prepare: false`: the CRUD
 * suite, plus transactions, batches, streams, COPY and scoped settings, which must not
 * leak across the server connections PgBouncer hands out per transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb } from '../../generated/index.js'
import { ConnectionError } from '../../runtime/index.js'
import { createTestDatabase, readSchemaSql, serverUrl, type TestDatabase } from '../support/database.js'
import { startPgBouncer, type PgBouncer } from '../support/pgbouncer.js'
import { crudSuite } from './crud.suite.js'

let bouncer: PgBouncer

beforeAll(async () => {
  bouncer = await startPgBouncer(serverUrl())
})
afterAll(async () => {
  await bouncer?.stop()
})

crudSuite({ url: (databaseUrl) => bouncer.url(databaseUrl), options: { prepare: false } })

describe('through PgBouncer (transaction pooling)', () => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await createTestDatabase(readSchemaSql('../../generated/schema.sql'))
  })
  afterAll(async () => {
    await database?.drop()
  })

  it('statementTimeout, a startup parameter PgBouncer refuses, fails saying what to do instead', async () => {
    const db = createDb({ url: bouncer.url(database.url), prepare: false, statementTimeout: 1000, connectRetries: 0 })
    try {
      const failure = await db.genres.count().catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(ConnectionError)
      expect((failure as Error).message).toMatch(/statement_timeout.*ALTER ROLE/)
    } finally {
      await db.close()
    }
  })

  it('statements really pass through PgBouncer, and every feature works over it', async () => {
    const url = bouncer.url(database.url)
    const db = createDb({ url, max: 8, prepare: false })
    try {
      // The client talks to PgBouncer's port; the backend answers on the server's own.
      const [ports] = await db.sql<{ port: number }>`select inet_server_port() as port`
      expect(String(ports!.port)).not.toBe(new URL(url).port)

      await expect(
        db.transaction(async (tx) => {
          await tx.genres.insert({ name: 'rolled back' })
          throw new Error('undo')
        }),
      ).rejects.toThrow('undo')
      await db.transaction(async (tx) => {
        await tx.genres.insert({ name: 'kept' })
        await tx.transaction(async (inner) => inner.genres.insert({ name: 'nested' }))
      })
      const [count, names] = await db.batch([db.genres.count(), db.genres.findMany({ orderBy: { name: 'asc' } })])
      expect(count).toBe(2)
      expect(names.map((g) => g.name)).toEqual(['kept', 'nested'])

      expect(await db.genres.copyFrom(Array.from({ length: 500 }, (_, i) => ({ name: `copied ${i}` })))).toBe(500)
      // A statement right after a COPY, on the connection it used, reaches the server only
      // after the COPY's end (pipelined earlier, PgBouncer would hand its answer to no one).
      for (let round = 0; round < 10; round++) {
        await expect(db.genres.copyFrom([{ name: `copy round ${round}` }, { name: null as unknown as string }])).rejects.toThrow()
        let chunks = 0
        for await (const _ of db.genres.copyTo({ where: { name: { startsWith: 'copied 1' } } })) {
          chunks++
          if (round % 2) break
        }
        expect(chunks).toBeGreaterThan(0)
        expect(await db.genres.count({ where: { name: { startsWith: 'copy round' } } })).toBe(0)
      }
      let streamed = 0
      for await (const _ of db.genres.stream({ batchSize: 64 })) streamed++
      expect(streamed).toBe(502)

      // Same-shaped statements in parallel over several connections: no prepared-statement clashes.
      const counts = await Promise.all(Array.from({ length: 40 }, (_, i) => db.genres.count({ where: { name: { startsWith: `copied ${i}` } } })))
      // 'copied 4', 'copied 40'..'copied 49', 'copied 400'..'copied 499'
      expect(counts[4]).toBe(111)
      expect(counts[39]).toBe(11)

      // Settings of a scoped transaction stay in it.
      const inside = await db.scoped({ settings: { 'app.user_id': '7' } }, (tx) => tx.sql<{ v: string }>`select current_setting('app.user_id', true) as v`)
      expect(inside).toEqual([{ v: '7' }])
      const after = await Promise.all(Array.from({ length: 8 }, () => db.sql<{ v: string | null }>`select nullif(current_setting('app.user_id', true), '') as v`))
      expect(after.flat()).toEqual(Array.from({ length: 8 }, () => ({ v: null })))
    } finally {
      await db.close()
    }
  })
})
