/**
 * Keyset pagination, DISTINCT ON and orderings against a real PostgreSQL (the example
 * schema): pages walked end to end in both directions over ties and nulls with random
 * orderings (fast-check), checked against the whole ordered result; the plan of a page
 * uses the example's index instead of sorting the table.
 */
import fc from 'fast-check'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../../generated/index.js'
import { createTestDatabase, readSchemaSql, type TestDatabase } from '../support/database.js'

let database: TestDatabase
let db: Db
let books: Db["books"]
let authorIds: number[]

beforeAll(async () => {
  database = await createTestDatabase(readSchemaSql('../../generated/schema.sql'))
  db = createDb({ url: database.url, max: 4 })
  books = db.books
  const authors = await db.authors.insertMany([
    { name: 'Zed', email: 'z@example.com' },
    { name: 'Amy', email: 'a@example.com' },
    { name: 'Max', email: 'm@example.com' },
  ])
  authorIds = authors.map((a) => a.id)
})
afterAll(async () => {
  await db?.close()
  await database?.drop()
})

async function seedBooks(rows: readonly { stock: number; publishedOn: string | null; author: number }[]): Promise<void> {
  await db.sql`TRUNCATE books RESTART IDENTITY CASCADE`
  if (rows.length === 0) return
  await db.books.insertMany(
    rows.map((row, i) => ({ isbn: String(9780000000000 + i), title: `t${i}`, authorId: authorIds[row.author]!, price: '1.00', stock: row.stock, publishedOn: row.publishedOn })),
  )
}

const direction = fc.constantFrom('asc' as const, 'desc' as const)
const nulls = fc.constantFrom(undefined, 'first' as const, 'last' as const)
const ordering = fc.tuple(direction, direction, nulls, direction, fc.boolean()).map(([stockDir, publishedDir, publishedNulls, idDir, publishedFirst]) => {
  const published = { publishedOn: publishedNulls === undefined ? publishedDir : { dir: publishedDir, nulls: publishedNulls } }
  const stock = { stock: stockDir }
  return [...(publishedFirst ? [published, stock] : [stock, published]), { id: idDir }]
})
const rowsArb = fc.array(
  fc.record({
    // Few distinct values: many ties, which only the id breaks.
    stock: fc.integer({ min: 0, max: 3 }),
    publishedOn: fc.option(fc.constantFrom('2001-01-01', '2002-02-02', '2003-03-03'), { nil: null }),
    author: fc.integer({ min: 0, max: 2 }),
  }),
  { maxLength: 25 },
)

const cursorOf = (row: { id: bigint; stock: number; publishedOn: string | null }) => ({ id: row.id, stock: row.stock, publishedOn: row.publishedOn })

describe('keyset pagination', () => {
  it('walks every row exactly once, forwards and backwards, over ties and nulls', async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb, ordering, fc.integer({ min: 1, max: 4 }), async (rows, orderBy, pageSize) => {
        await seedBooks(rows)
        const select = ['id', 'stock', 'publishedOn'] as const
        const all = await books.findMany({ select, orderBy })
        const expected = all.map((row: { id: bigint }) => row.id)

        const forwards: bigint[] = []
        let page = await books.findMany({ select, orderBy, limit: pageSize })
        while (page.length > 0) {
          forwards.push(...page.map((row: { id: bigint }) => row.id))
          page = await books.findMany({ select, orderBy, limit: pageSize, after: cursorOf(page.at(-1)!) })
        }
        expect(forwards).toEqual(expected)

        if (all.length === 0) return
        const backwards: bigint[] = [all.at(-1)!.id]
        page = await books.findMany({ select, orderBy, limit: pageSize, before: cursorOf(all.at(-1)!) })
        while (page.length > 0) {
          backwards.unshift(...page.map((row: { id: bigint }) => row.id))
          page = await books.findMany({ select, orderBy, limit: pageSize, before: cursorOf(page[0]!) })
        }
        expect(backwards).toEqual(expected)
      }),
      { numRuns: 40 },
    )
  })

  it("a page's plan follows the example's index on createdAt instead of sorting the table", async () => {
    await db.sql`TRUNCATE books RESTART IDENTITY CASCADE`
    const start = Date.UTC(2020, 0, 1)
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      isbn: String(9780000000000 + i),
      title: `t${i}`,
      authorId: authorIds[i % 3]!,
      price: '1.00',
      createdAt: new Date(start + Math.floor(i / 2) * 60_000),
    }))
    await db.books.insertMany(rows, { returning: false })
    await db.sql`ANALYZE books`
    const orderBy = [{ createdAt: 'desc' }, { id: 'desc' }] as const
    const first = await books.findMany({ select: ['id', 'createdAt'], orderBy, limit: 20 })
    const query = books.findMany({ select: ['id', 'createdAt'], orderBy, limit: 20, after: { createdAt: first.at(-1)!.createdAt, id: first.at(-1)!.id } })
    const [statement] = query.toSQL()
    const sql = postgres(database.url, { max: 1, onnotice: () => {} })
    try {
      const plan = (await sql.unsafe(`EXPLAIN ${statement!.text}`, [...statement!.params])).map((row) => row['QUERY PLAN'] as string)
      expect(plan.join('\n')).toMatch(/Index Scan.*books_created_at/)
      // An incremental sort orders each group of equal createdAt by id; a full Sort would read the table.
      expect(plan.filter((line) => /^(->\s+)?Sort\s+\(/.test(line.trim())), plan.join('\n')).toEqual([])
    } finally {
      await sql.end()
    }
    const next = await query
    expect(next).toHaveLength(20)
    expect(next[0]!.id).toBe(first.at(-1)!.id - 1n)
  })
})

describe('distinct and orderings', () => {
  it('DISTINCT ON keeps the first row of each group in the given order; DISTINCT the distinct values', async () => {
    await seedBooks([
      { stock: 1, publishedOn: '2001-01-01', author: 0 },
      { stock: 5, publishedOn: '2002-02-02', author: 0 },
      { stock: 2, publishedOn: null, author: 1 },
      { stock: 9, publishedOn: '2003-03-03', author: 1 },
    ])
    const newest = await books.findMany({ select: ['authorId', 'stock'], distinctOn: ['authorId'], orderBy: [{ authorId: 'asc' }, { publishedOn: { dir: 'desc', nulls: 'last' } }] })
    expect(newest).toEqual([
      { authorId: authorIds[0], stock: 5 },
      { authorId: authorIds[1], stock: 9 },
    ])
    expect(await books.findMany({ distinct: true, select: ['authorId'], orderBy: { authorId: 'asc' } })).toEqual([{ authorId: authorIds[0] }, { authorId: authorIds[1] }])
  })

  it("orders by a to-one relation's column and by a to-many relation's count, as the joins would", async () => {
    await seedBooks([
      { stock: 1, publishedOn: null, author: 0 },
      { stock: 1, publishedOn: null, author: 1 },
      { stock: 1, publishedOn: null, author: 2 },
    ])
    const all = await db.books.findMany({ orderBy: { id: 'asc' } })
    const reader = await db.customers.insert({ email: 'r@example.com', name: 'R' })
    await db.reviews.insertMany([
      { bookId: all[2]!.id, customerId: reader.id, rating: 5, body: 'a' },
      { bookId: all[2]!.id, customerId: reader.id, rating: 4, body: 'b' },
      { bookId: all[0]!.id, customerId: reader.id, rating: 3, body: 'c' },
    ])
    const byAuthor = await books.findMany({ select: ['id'], with: { author: { select: ['name'] } }, orderBy: { author: { name: 'asc' } } })
    expect(byAuthor.map((b: { author: { name: string } }) => b.author.name)).toEqual(['Amy', 'Max', 'Zed'])
    const byReviews = await books.findMany({ select: ['id'], orderBy: [{ reviews: { _count: 'desc' } }, { id: 'asc' }] })
    expect(byReviews.map((b: { id: bigint }) => b.id)).toEqual([all[2]!.id, all[0]!.id, all[1]!.id])
  })
})
