/**
 * aggregate and groupBy against a real PostgreSQL (the example schema), each answer checked
 * against the same question asked in hand-written SQL, including the JavaScript type of
 * every value; random data sets (fast-check) as well as the edge of no rows at all.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../../generated/index.js'
import { createTestDatabase, readSchemaSql, type TestDatabase } from '../support/database.js'

let database: TestDatabase
let db: Db
// The new calls are reached through an untyped view until the generated types carry them.
let books: Db["books"]

beforeAll(async () => {
  database = await createTestDatabase(readSchemaSql('../../generated/schema.sql'))
  db = createDb({ url: database.url, max: 4 })
  books = db.books
})
afterAll(async () => {
  await db?.close()
  await database?.drop()
})

let authorIds: number[] = []

beforeEach(async () => {
  await db.sql`TRUNCATE authors, books RESTART IDENTITY CASCADE`
  const authors = await db.authors.insertMany([
    { name: 'A', email: 'a@example.com' },
    { name: 'B', email: 'b@example.com' },
    { name: 'C', email: 'c@example.com' },
  ])
  authorIds = authors.map((a) => a.id)
})

interface BookSeed {
  author: number
  stock: number
  price: string
  publishedOn: string | null
}

const bookSeed = fc.record({
  author: fc.integer({ min: 0, max: 2 }),
  stock: fc.integer({ min: 0, max: 2_000_000_000 }),
  price: fc.tuple(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 99 })).map(([units, cents]) => `${units}.${String(cents).padStart(2, '0')}`),
  publishedOn: fc.option(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), { nil: null }),
})

async function seed(rows: readonly BookSeed[]): Promise<void> {
  if (rows.length === 0) return
  await db.books.insertMany(
    rows.map((row, i) => ({ isbn: String(9780000000000 + i), title: `book ${i}`, authorId: authorIds[row.author]!, price: row.price, stock: row.stock, publishedOn: row.publishedOn })),
  )
}

describe('aggregate', () => {
  it('gives what hand-written SQL gives, with the types PostgreSQL gives them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(bookSeed, { maxLength: 30 }), async (rows) => {
        await db.sql`TRUNCATE books RESTART IDENTITY CASCADE`
        await seed(rows)
        const result = await books.aggregate({
          _count: true,
          _sum: { stock: true, price: true },
          _avg: { stock: true, price: true },
          _min: { publishedOn: true, title: true },
          _max: { price: true },
        })
        const [expected] = await db.sql<Record<string, unknown>>`
          select count(*) as count, sum(stock) as sum_stock, sum(price) as sum_price, avg(stock) as avg_stock, avg(price) as avg_price,
                 min(published_on)::text as min_published, min(title) as min_title, max(price) as max_price
          from books`
        expect(result).toEqual({
          _count: Number(expected!.count),
          _sum: { stock: expected!.sum_stock, price: expected!.sum_price },
          _avg: { stock: expected!.avg_stock, price: expected!.avg_price },
          _min: { publishedOn: expected!.min_published, title: expected!.min_title },
          _max: { price: expected!.max_price },
        })
        // The JavaScript types: count a number; sum of int4 a bigint; numeric sums and averages strings.
        expect(typeof result._count).toBe('number')
        if (rows.length > 0) {
          expect(typeof result._sum.stock).toBe('bigint')
          expect(typeof result._sum.price).toBe('string')
          expect(typeof result._avg.stock).toBe('string')
        }
      }),
      { numRuns: 15 },
    )
  })

  it('over no rows: _count 0, everything else null', async () => {
    expect(await books.aggregate({ where: { stock: { lt: 0 } }, _count: true, _sum: { stock: true }, _avg: { price: true }, _min: { publishedOn: true }, _max: { title: true } })).toEqual({
      _count: 0,
      _sum: { stock: null },
      _avg: { price: null },
      _min: { publishedOn: null },
      _max: { title: null },
    })
  })

  it('counts the non-null values of columns', async () => {
    await seed([
      { author: 0, stock: 1, price: '1.00', publishedOn: null },
      { author: 0, stock: 2, price: '2.00', publishedOn: '2001-02-03' },
    ])
    expect(await books.aggregate({ _count: { publishedOn: true, id: true } })).toEqual({ _count: { publishedOn: 1, id: 2 } })
  })

  it('works in a batch and in a transaction', async () => {
    await seed([{ author: 1, stock: 5, price: '9.50', publishedOn: null }])
    const [count, total] = await db.batch([db.books.count(), books.aggregate({ _sum: { stock: true } })])
    expect([count, total]).toEqual([1, { _sum: { stock: 5n } }])
    const inside = await db.transaction(async (tx) => {
      await tx.books.insert({ isbn: '9781111111111', title: 'more', authorId: authorIds[1]!, price: '1.00', stock: 7 })
      return tx.books.aggregate({ _sum: { stock: true } })
    })
    expect(inside).toEqual({ _sum: { stock: 12n } })
  })
})

describe('groupBy', () => {
  it('gives what GROUP BY ... HAVING ... ORDER BY gives', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(bookSeed, { maxLength: 40 }), fc.integer({ min: 0, max: 3 }), async (rows, minCount) => {
        await db.sql`TRUNCATE books RESTART IDENTITY CASCADE`
        await seed(rows)
        const groups = await books.groupBy({
          by: ['authorId'],
          _count: true,
          _sum: { stock: true },
          _max: { publishedOn: true },
          having: { _count: { gte: minCount } },
          orderBy: [{ _sum: { stock: 'desc' } }, { authorId: 'asc' }],
        })
        const expected = await db.sql<Record<string, unknown>>`
          select author_id, count(*) as count, sum(stock) as sum_stock, max(published_on)::text as max_published
          from books group by author_id having count(*) >= ${minCount}
          order by sum(stock) desc, author_id asc`
        expect(groups).toEqual(
          expected.map((row) => ({ authorId: row.author_id, _count: Number(row.count), _sum: { stock: row.sum_stock }, _max: { publishedOn: row.max_published } })),
        )
      }),
      { numRuns: 15 },
    )
  })

  it('groups by a nullable column, nulls placed as asked', async () => {
    await seed([
      { author: 0, stock: 1, price: '1.00', publishedOn: null },
      { author: 1, stock: 2, price: '2.00', publishedOn: '2001-02-03' },
      { author: 2, stock: 3, price: '3.00', publishedOn: null },
    ])
    const groups = await books.groupBy({ by: ['publishedOn'], _count: true, orderBy: { publishedOn: { dir: 'asc', nulls: 'first' } } })
    expect(groups).toEqual([
      { publishedOn: null, _count: 2 },
      { publishedOn: '2001-02-03', _count: 1 },
    ])
  })
})
