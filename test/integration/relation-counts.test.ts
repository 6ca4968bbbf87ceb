/**
 * `_count` of relations next to rows: `with: { _count }` on reads (nested too) and `load`,
 * against a real PostgreSQL (the example schema), checked against counts computed by
 * hand-written SQL; to-many and many-to-many relations, filtered counts, rows with none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../../generated/index.js'
import { createTestDatabase, readSchemaSql, type TestDatabase } from '../support/database.js'

let database: TestDatabase
let db: Db
let authors: Db["authors"]
let books: Db["books"]
const ids: { ann: number; bob: number; dune: bigint; emma: bigint; lone: bigint } = {} as never

beforeAll(async () => {
  database = await createTestDatabase(readSchemaSql('../../generated/schema.sql'))
  db = createDb({ url: database.url, max: 4 })
  authors = db.authors
  books = db.books
  const [ann, bob] = await db.authors.insertMany([
    { name: 'Ann', email: 'ann@example.com' },
    { name: 'Bob', email: 'bob@example.com' },
  ])
  const [dune, emma, lone] = await db.books.insertMany([
    { isbn: '9780000000001', title: 'Dune', authorId: ann!.id, price: '9.00' },
    { isbn: '9780000000002', title: 'Emma', authorId: ann!.id, price: '5.00' },
    { isbn: '9780000000003', title: 'Lone', authorId: ann!.id, price: '1.00' },
  ])
  const reader = await db.customers.insert({ email: 'r@example.com', name: 'R' })
  await db.reviews.insertMany([
    { bookId: dune!.id, customerId: reader.id, rating: 5, body: 'a' },
    { bookId: dune!.id, customerId: reader.id, rating: 2, body: 'b' },
    { bookId: emma!.id, customerId: reader.id, rating: 5, body: 'c' },
  ])
  const [sf, classic] = await db.genres.insertMany([{ name: 'sf' }, { name: 'classic' }])
  await db.books.link('genres', dune!.id, [sf!.id, classic!.id])
  Object.assign(ids, { ann: ann!.id, bob: bob!.id, dune: dune!.id, emma: emma!.id, lone: lone!.id })
})
afterAll(async () => {
  await db?.close()
  await database?.drop()
})

/** Counts per book by hand-written SQL: reviews, five-star reviews, genres. */
async function expectedCounts(): Promise<Map<bigint, { reviews: number; fiveStars: number; genres: number }>> {
  const rows = await db.sql<{ id: bigint; reviews: bigint; five: bigint; genres: bigint }>`
    select b.id,
           (select count(*) from reviews r where r.book_id = b.id) as reviews,
           (select count(*) from reviews r where r.book_id = b.id and r.rating = 5) as five,
           (select count(*) from books_genres g where g.book_id = b.id) as genres
    from books b`
  return new Map(rows.map((r) => [r.id, { reviews: Number(r.reviews), fiveStars: Number(r.five), genres: Number(r.genres) }]))
}

describe('with: { _count }', () => {
  it('counts to-many and many-to-many relations, filtered or not, next to the rows', async () => {
    const found = await books.findMany({ select: ['id'], orderBy: { id: 'asc' }, with: { _count: { reviews: true, genres: true } } })
    const filtered = await books.findMany({ select: ['id'], orderBy: { id: 'asc' }, with: { _count: { reviews: { where: { rating: 5 } } } } })
    const expected = await expectedCounts()
    expect(found).toEqual([...expected].map(([id, c]) => ({ id, _count: { reviews: c.reviews, genres: c.genres } })))
    expect(filtered).toEqual([...expected].map(([id, c]) => ({ id, _count: { reviews: c.fiveStars } })))
  })

  it('beside relations, nested inside them, and on findById and findOne', async () => {
    const ann = await authors.findById(ids.ann, { select: ['name'], with: { _count: { books: true }, books: { select: ['title'], orderBy: { id: 'asc' }, with: { _count: { reviews: true } } } } })
    expect(ann).toEqual({
      name: 'Ann',
      _count: { books: 3 },
      books: [
        { title: 'Dune', _count: { reviews: 2 } },
        { title: 'Emma', _count: { reviews: 1 } },
        { title: 'Lone', _count: { reviews: 0 } },
      ],
    })
    expect(await authors.findOne({ where: { name: 'Bob' }, select: ['name'], with: { _count: { books: true } } })).toEqual({ name: 'Bob', _count: { books: 0 } })
  })

  it('refuses to-one relations, unknown relations and options', async () => {
    await expect(books.findMany({ with: { _count: { author: true, nope: true, reviews: { limit: 1 } } } as never })).rejects.toMatchObject({
      issues: [
        expect.objectContaining({ path: 'with._count.author' }),
        expect.objectContaining({ path: 'with._count.nope' }),
        expect.objectContaining({ path: 'with._count.reviews.limit' }),
      ],
    })
  })
})

describe('load: { _count }', () => {
  it('adds the counts to rows in hand, without changing the rows given', async () => {
    const given = await db.books.findMany({ select: ['id', 'title'], orderBy: { id: 'asc' } })
    const loaded = await books.load(given, { _count: { reviews: { where: { rating: 5 } }, genres: true } })
    const expected = await expectedCounts()
    expect(loaded).toEqual(given.map((b) => ({ ...b, _count: { reviews: expected.get(b.id)!.fiveStars, genres: expected.get(b.id)!.genres } })))
    expect(given[0]).not.toHaveProperty('_count')
  })
})
