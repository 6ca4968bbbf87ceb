/** Transactions: commit, rollback, savepoints, isolation, retries of serialization failures and deadlocks. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../../generated/index.js'
import { DbError, DeadlockError, SerializationError, ValidationError, type QueryEvent } from '../../runtime/index.js'
import { createTestDatabase, readSchemaSql, type TestDatabase } from '../support/database.js'

let database: TestDatabase
let db: Db
const events: QueryEvent[] = []

beforeAll(async () => {
  database = await createTestDatabase(readSchemaSql('../../generated/schema.sql'))
  db = createDb({ url: database.url, max: 4, onQuery: (e) => events.push(e) })
})
afterAll(async () => {
  await db?.close()
  await database?.drop()
})
beforeEach(async () => {
  await db.sql`TRUNCATE genres RESTART IDENTITY CASCADE`
  events.length = 0
})

/** Resolves when `count` callers have arrived. */
function barrier(count: number): () => Promise<void> {
  let arrived = 0
  let release!: () => void
  const all = new Promise<void>((resolve) => (release = resolve))
  return () => {
    if (++arrived === count) release()
    return all
  }
}

describe('transactions', () => {
  it('commits and returns the callback value', async () => {
    const value = await db.transaction(async (tx) => {
      await tx.genres.insert({ name: 'a' })
      return 42
    })
    expect(value).toBe(42)
    expect(await db.genres.count()).toBe(1)
    expect(events.map((e) => e.sql.split(' ')[0])).toEqual(['BEGIN', 'INSERT', 'COMMIT', 'SELECT'])
  })

  it('rolls back when the callback throws, and rethrows', async () => {
    const failure = new Error('boom')
    await expect(
      db.transaction(async (tx) => {
        await tx.genres.insert({ name: 'a' })
        throw failure
      }),
    ).rejects.toBe(failure)
    expect(await db.genres.count()).toBe(0)
  })

  it('nested transactions are savepoints', async () => {
    await db.transaction(async (tx) => {
      await tx.genres.insert({ name: 'outer' })
      await expect(
        tx.transaction(async (inner) => {
          await inner.genres.insert({ name: 'inner' })
          throw new Error('undo inner')
        }),
      ).rejects.toThrow('undo inner')
      await tx.transaction(async (inner) => {
        await inner.genres.insert({ name: 'kept' })
      })
    })
    expect((await db.genres.findMany({ orderBy: { name: 'asc' } })).map((g) => g.name)).toEqual(['kept', 'outer'])
  })

  it('concurrent savepoints run one after another in call order; a failed one undoes only its own work', async () => {
    const order: string[] = []
    const outcomes = await db.transaction(async (tx) =>
      Promise.allSettled([
        tx.transaction(async (a) => {
          order.push('a starts')
          await a.genres.insert({ name: 'from-a' })
          await new Promise((resolve) => setTimeout(resolve, 100))
          order.push('a fails')
          throw new Error('a fails')
        }),
        tx.transaction(async (b) => {
          order.push('b starts')
          await b.genres.insert({ name: 'from-b' })
          order.push('b ends')
        }),
        tx.transaction(async (c) => {
          order.push('c starts')
          await c.genres.insert({ name: 'from-c' })
        }),
      ]),
    )
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'fulfilled'])
    expect(order).toEqual(['a starts', 'a fails', 'b starts', 'b ends', 'c starts'])
    expect((await db.genres.findMany({ orderBy: { name: 'asc' } })).map((g) => g.name)).toEqual(['from-b', 'from-c'])
    const sql = events.map((e) => e.sql.split(' (')[0]!.replace(/ INTO .*/, ''))
    expect(sql.slice(0, 10)).toEqual([
      'BEGIN',
      'SAVEPOINT dbridge_sp_1', 'INSERT', 'ROLLBACK TO SAVEPOINT dbridge_sp_1',
      'SAVEPOINT dbridge_sp_1', 'INSERT', 'RELEASE SAVEPOINT dbridge_sp_1',
      'SAVEPOINT dbridge_sp_1', 'INSERT', 'RELEASE SAVEPOINT dbridge_sp_1',
    ])
  })

  it('savepoints nest, and siblings inside a savepoint wait for each other too', async () => {
    await db.transaction(async (tx) => {
      await tx.transaction(async (outer) => {
        await Promise.allSettled([
          outer.transaction(async (x) => {
            await x.genres.insert({ name: 'x' })
            throw new Error('undo x')
          }),
          outer.transaction((y) => y.genres.insert({ name: 'y' })),
        ])
        await outer.genres.insert({ name: 'outer' })
      })
    })
    expect((await db.genres.findMany({ orderBy: { name: 'asc' } })).map((g) => g.name)).toEqual(['outer', 'y'])
  })

  it('a statement on the outer transaction while a savepoint is open is refused, never folded into the savepoint', async () => {
    let refused: unknown
    await db.transaction(async (tx) => {
      await Promise.allSettled([
        tx.transaction(async (sp) => {
          await sp.genres.insert({ name: 'in-savepoint' })
          await new Promise((resolve) => setTimeout(resolve, 50))
          throw new Error('undo savepoint')
        }),
        tx.genres.insert({ name: 'outer' }).catch((e: unknown) => (refused = e)),
      ])
      await tx.genres.insert({ name: 'outer-after' })
    })
    expect(refused).toBeInstanceOf(DbError)
    expect((refused as Error).message).toMatch(/nested transaction \(savepoint\) is open/)
    expect((await db.genres.findMany()).map((g) => g.name)).toEqual(['outer-after'])
  })

  it('a savepoint the callback did not await finishes before COMMIT; a finished one refuses statements', async () => {
    let leaked: Db | undefined
    await db.transaction(async (tx) => {
      void tx.transaction(async (sp) => {
        leaked = sp
        await new Promise((resolve) => setTimeout(resolve, 50))
        await sp.genres.insert({ name: 'late' })
      })
    })
    expect((await db.genres.findMany()).map((g) => g.name)).toEqual(['late'])
    await expect(leaked!.genres.count()).rejects.toThrow(/has finished/)
  })

  it('a failed statement whose error was swallowed makes COMMIT fail loudly', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.genres.insert({ name: 'x' })
        await tx.genres.insert({ name: 'x' }).catch(() => undefined)
      }),
    ).rejects.toThrow(/rolled back because a statement in it failed/)
    expect(await db.genres.count()).toBe(0)
  })

  it('honours isolation, readOnly and deferrable', async () => {
    const settings = await db.transaction(
      async (tx) => (await tx.sql`select current_setting('transaction_isolation') as i, current_setting('transaction_read_only') as r, current_setting('transaction_deferrable') as d`)[0],
      { isolation: 'serializable', readOnly: true, deferrable: true },
    )
    expect(settings).toEqual({ i: 'serializable', r: 'on', d: 'on' })
    const repeatable = await db.transaction(async (tx) => (await tx.sql`show transaction_isolation`)[0], { isolation: 'repeatable read' })
    expect(repeatable).toEqual({ transaction_isolation: 'repeatable read' })
    await expect(db.transaction((tx) => tx.genres.insert({ name: 'no' }), { readOnly: true })).rejects.toMatchObject({ code: '25006' })
  })

  it('rejects bad options before starting', async () => {
    await expect(db.transaction(async () => 1, { isolation: 'chaos' as never })).rejects.toBeInstanceOf(ValidationError)
    await expect(db.transaction(async () => 1, { retry: 1 } as never)).rejects.toThrow(/unknown option/)
    await expect(db.transaction((tx) => tx.transaction(async () => 1, { isolation: 'serializable' }))).rejects.toThrow(/savepoint and takes no options/)
    // Only the transaction with a valid outer BEGIN ran, and rolled back its savepoint attempt.
    expect(events.map((e) => e.sql)).toEqual(['BEGIN', 'ROLLBACK'])
  })

  it('refuses queries after the transaction finished', async () => {
    let leaked: Db | undefined
    await db.transaction(async (tx) => {
      leaked = tx
    })
    await expect(leaked!.genres.count()).rejects.toThrow(/transaction has finished/)
  })

  /**
   * Two serializable transactions that each read then write: a write skew PostgreSQL must
   * refuse. A retried attempt waits until the other transaction has finished, so that it
   * cannot meet it again (on a busy machine it otherwise may, and fail once more).
   */
  async function writeSkew(retries: number) {
    const attempts = { a: 0, b: 0 }
    const finished = { a: false, b: false }
    const bothRead = barrier(2)
    const other = (name: 'a' | 'b') => (name === 'a' ? 'b' : 'a')
    const run = (name: 'a' | 'b') =>
      db
        .transaction(
          async (tx) => {
            attempts[name]++
            if (attempts[name] > 1) while (!finished[other(name)]) await new Promise((resolve) => setTimeout(resolve, 5))
            const seen = await tx.genres.count()
            if (attempts[name] === 1) await bothRead()
            await tx.genres.insert({ name: `${name}-${seen}-${attempts[name]}` })
          },
          { isolation: 'serializable', retries },
        )
        .finally(() => (finished[name] = true))
    const results = await Promise.allSettled([run('a'), run('b')])
    return { attempts, results }
  }

  it('a serialization failure surfaces as SerializationError', async () => {
    const { results } = await writeSkew(0)
    const failed = results.filter((r) => r.status === 'rejected')
    expect(failed).toHaveLength(1)
    const reason = (failed[0] as PromiseRejectedResult).reason
    expect(reason).toBeInstanceOf(SerializationError)
    expect(reason.code).toBe('40001')
    expect(await db.genres.count()).toBe(1)
  })

  it('retries re-run the whole callback after a serialization failure', async () => {
    const { attempts, results } = await writeSkew(3)
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true)
    expect(attempts.a + attempts.b).toBe(3)
    const names = (await db.genres.findMany()).map((g) => g.name)
    expect(names).toHaveLength(2)
    // The retried attempt saw the other transaction's row.
    expect(names.some((n) => /-1-2$/.test(n))).toBe(true)
  })

  /** Two transactions locking the same two rows in opposite order. */
  async function deadlock(retries: number) {
    const [g1, g2] = await db.genres.insertMany([{ name: 'one' }, { name: 'two' }])
    const attempts = { a: 0, b: 0 }
    const bothLocked = barrier(2)
    const run = (name: 'a' | 'b', first: number, second: number) =>
      db.transaction(
        async (tx) => {
          attempts[name]++
          await tx.genres.update({ where: { id: first }, set: { name: `${name}-first` } })
          if (attempts[name] === 1) await bothLocked()
          await tx.genres.update({ where: { id: second }, set: { name: `${name}-second` } })
        },
        { retries },
      )
    const results = await Promise.allSettled([run('a', g1!.id, g2!.id), run('b', g2!.id, g1!.id)])
    return { attempts, results }
  }

  it('a deadlock surfaces as DeadlockError, and retries get past it', async () => {
    const first = await deadlock(0)
    const failed = first.results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[]
    expect(failed).toHaveLength(1)
    expect(failed[0]!.reason).toBeInstanceOf(DeadlockError)
    expect(failed[0]!.reason).toBeInstanceOf(DbError)
    await db.sql`TRUNCATE genres RESTART IDENTITY CASCADE`
    const second = await deadlock(2)
    expect(second.results.every((r) => r.status === 'fulfilled')).toBe(true)
    expect(second.attempts.a + second.attempts.b).toBe(3)
  })
})
