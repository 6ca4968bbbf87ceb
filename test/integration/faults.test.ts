/** Faults: terminated backends, a server restart, pool exhaustion. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../../generated/index.js'
import { ConnectionError, TimeoutError, createDb as createRawDb } from '../../runtime/index.js'
import { startEmbeddedPostgres } from '../../generator/embedded.js'
import { freePort } from '../support/ports.js'
import { createTestDatabase, readSchemaSql, type TestDatabase } from '../support/database.js'

let database: TestDatabase

beforeAll(async () => {
  database = await createTestDatabase(readSchemaSql('../../generated/schema.sql'))
})
afterAll(async () => {
  await database?.drop()
})

/** Terminates the backend running a statement that contains `marker`, once it shows up. */
async function terminate(url: string, marker: string): Promise<void> {
  const admin = createRawDb({ url, max: 1 })
  try {
    for (let i = 0; i < 100; i++) {
      const [row] = await admin.sql<{ killed: boolean }>`
        select pg_terminate_backend(pid) as killed from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and query like ${'%' + marker + '%'} and query not like '%pg_stat_activity%'`
      if (row?.killed) return
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    throw new Error(`no backend ran ${marker}`)
  } finally {
    await admin.close()
  }
}

describe('a backend terminated by the server', () => {
  it('mid-query: ConnectionError for that query; the connection is replaced and the next query succeeds', async () => {
    const db = createDb({ url: database.url, max: 1 })
    try {
      await db.genres.count()
      const running = db.sql`select pg_sleep(5) as marker_mid_query`.catch((e: unknown) => e)
      await terminate(database.url, 'marker_mid_query')
      const error = await running
      expect(error).toBeInstanceOf(ConnectionError)
      expect(await db.genres.count()).toBe(0)
      expect(await db.genres.count()).toBe(0)
    } finally {
      await db.close()
    }
  })

  it('mid-transaction: nothing of the transaction is committed', async () => {
    const db = createDb({ url: database.url, max: 2 })
    try {
      const outcome = db
        .transaction(async (tx) => {
          await tx.genres.insert({ name: 'half-done' })
          await tx.sql`select pg_sleep(5) as marker_mid_tx`
        })
        .catch((e: unknown) => e)
      await terminate(database.url, 'marker_mid_tx')
      expect(await outcome).toBeInstanceOf(ConnectionError)
      expect(await db.genres.count({ where: { name: 'half-done' } })).toBe(0)
    } finally {
      await db.close()
    }
  })
})

describe('pool exhaustion', () => {
  it('callers wait for a connection up to acquireTimeout, then get TimeoutError; waiting shows in metrics', async () => {
    const db = createDb({ url: database.url, max: 2, acquireTimeout: 300 })
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    try {
      const holders = [0, 1].map(() => db.transaction(async (tx) => {
        await tx.genres.count()
        await held
      }))
      await new Promise((resolve) => setTimeout(resolve, 100))
      const waiting = db.genres.count().catch((e: unknown) => e)
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(db.metrics().pool.waiting).toBe(1)
      expect(await waiting).toBeInstanceOf(TimeoutError)
      release()
      await Promise.all(holders)
      expect(await db.genres.count()).toBe(0)
      expect(db.metrics().pool.waiting).toBe(0)
    } finally {
      release()
      await db.close()
    }
  })
})

describe('a server restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dbridge-restart-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('queries fail while it is down, wait for it with connectRetries, and go on after it', async () => {
    const port = await freePort()
    let server = await startEmbeddedPostgres({ dir, port })
    const patient = createRawDb({ url: server.url, max: 2, connectRetries: 8, connectRetryDelay: 200 })
    const impatient = createRawDb({ url: server.url, max: 2, connectRetries: 0 })
    try {
      expect(await patient.sql`select 1 as one`).toEqual([{ one: 1 }])
      expect(await impatient.sql`select 1 as one`).toEqual([{ one: 1 }])
      await server.stop()
      expect(await impatient.sql`select 1 as one`.catch((e: unknown) => e)).toBeInstanceOf(ConnectionError)
      // Sent while the server is down; it comes back a moment later.
      const waiting = patient.sql`select 2 as two`
      await new Promise((resolve) => setTimeout(resolve, 500))
      server = await startEmbeddedPostgres({ dir, port })
      expect(await waiting).toEqual([{ two: 2 }])
      expect(await impatient.sql`select 3 as three`).toEqual([{ three: 3 }])
    } finally {
      await patient.close()
      await impatient.close()
      await server.stop()
    }
  })
})
