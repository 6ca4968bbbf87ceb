/**
 * Read replicas, against a real streaming replica: reads made outside transactions go to
 * it; writes, transactions, locking reads, raw SQL and `primary: true` go to the primary.
 * Replay on the replica is paused, so a row written to the primary shows which server
 * answered a read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../../generated/index.js'
import { createDb as createRawDb, sql } from '../../runtime/index.js'
import { readSchemaSql } from '../support/database.js'
import { startReplicatedServers, type ReplicatedServers } from '../support/replica.js'

let servers: ReplicatedServers
let db: Db

beforeAll(async () => {
  servers = await startReplicatedServers()
  const setup = createRawDb({ url: servers.primary.url, max: 1 })
  try {
    await setup.sql`${sql.raw(readSchemaSql('../../generated/schema.sql'))}`
  } finally {
    await setup.close()
  }
  db = createDb({ url: servers.primary.url, replicas: [servers.replica.url], max: 3 })
}, 60_000)

afterAll(async () => {
  await db?.close()
  await servers?.stop()
})

async function onReplica<T>(fn: (replica: ReturnType<typeof createRawDb>) => PromiseLike<T>): Promise<T> {
  const replica = createRawDb({ url: servers.replica.url, max: 1 })
  try {
    return await fn(replica)
  } finally {
    await replica.close()
  }
}

describe('read replicas', () => {
  it('the replica is a hot standby streaming from the primary', async () => {
    const [standby] = await onReplica((replica) => replica.sql<{ recovering: boolean }>`select pg_is_in_recovery() as recovering`)
    expect(standby).toEqual({ recovering: true })
    const primary = createRawDb({ url: servers.primary.url, max: 1 })
    try {
      const senders = await primary.sql<{ state: string }>`select state from pg_stat_replication`
      expect(senders.map((s) => s.state)).toEqual(['streaming'])
    } finally {
      await primary.close()
    }
  })

  it('routes reads to the replica and everything else to the primary', async () => {
    await db.genres.insert({ name: 'replicated' })
    await servers.caughtUp()
    expect((await db.genres.findMany()).map((g) => g.name)).toEqual(['replicated'])

    await onReplica((replica) => replica.sql`select pg_wal_replay_pause()`)
    try {
      // A write: the replica would refuse it (read-only), so it reached the primary.
      const fresh = await db.genres.insert({ name: 'primary only' })

      // Reads outside transactions: the replica, which has not replayed the write.
      expect((await db.genres.findMany()).map((g) => g.name)).toEqual(['replicated'])
      expect(await db.genres.findById(fresh.id)).toBeNull()
      expect(await db.genres.count()).toBe(1)
      expect(await db.genres.exists({ where: { name: 'primary only' } })).toBe(false)
      const streamed: string[] = []
      for await (const genre of db.genres.stream()) streamed.push(genre.name)
      expect(streamed).toEqual(['replicated'])

      // `primary: true`, locking reads, transactions, batches and raw SQL: the primary.
      expect(await db.genres.count({ primary: true })).toBe(2)
      expect(await db.genres.findById(fresh.id, { primary: true })).toMatchObject({ name: 'primary only' })
      expect(await db.genres.findMany({ primary: true })).toHaveLength(2)
      expect(await db.genres.findMany({ lock: 'forUpdate' })).toHaveLength(2)
      const primaryStream: string[] = []
      for await (const genre of db.genres.stream({ primary: true, orderBy: { id: 'asc' } })) primaryStream.push(genre.name)
      expect(primaryStream).toEqual(['replicated', 'primary only'])
      expect(await db.transaction((tx) => tx.genres.count())).toBe(2)
      expect(await db.batch([db.genres.count(), db.genres.findMany()])).toMatchObject([2, [{}, {}]])
      expect(await db.sql<{ n: number }>`select count(*)::int as n from genres`).toEqual([{ n: 2 }])
      expect(await db.sql<{ recovering: boolean }>`select pg_is_in_recovery() as recovering`).toEqual([{ recovering: false }])
    } finally {
      await onReplica((replica) => replica.sql`select pg_wal_replay_resume()`)
    }
    await servers.caughtUp()
    expect(await db.genres.count()).toBe(2)
  })

  it('a replica that is down fails reads with ConnectionError; the primary keeps working', async () => {
    const broken = createDb({ url: servers.primary.url, replicas: ['postgres://postgres@127.0.0.1:1/none'], max: 1, connectRetries: 0 })
    try {
      await expect(broken.genres.count()).rejects.toMatchObject({ name: 'ConnectionError' })
      expect(await broken.genres.count({ primary: true })).toBeGreaterThan(0)
    } finally {
      await broken.close()
    }
  })
})
