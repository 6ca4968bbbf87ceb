/**
 * `in` / `notIn` a subquery against a real PostgreSQL (the example schema): the same rows
 * as the hand-written statement, NULLs in the set and in the filtered column included,
 * and in a delete inside a transaction.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createDb, type Db } from '../../generated/index.js'
import { createTestDatabase, readSchemaSql, type TestDatabase } from '../support/database.js'

let database: TestDatabase
let db: Db
let books: Db["books"]

beforeAll(async () => {
  database = await createTestDatabase(readSchemaSql('../../generated/schema.sql'))
  db = createDb({ url: database.url, max: 4 })
  books = db.books
  const [active, retired] = await db.authors.insertMany([
    { name: 'Active', email: 'a@example.com' },
    { name: 'Retired', email: 'r@example.com', status: 'retired' },
  ])
  const [one, two] = await db.books.insertMany([
    { isbn: '9780000000001', title: 'One', authorId: active!.id, price: '1.00' },
    { isbn: '9780000000002', title: 'Two', authorId: retired!.id, price: '2.00' },
    { isbn: '9780000000003', title: 'Three', authorId: active!.id, price: '3.00' },
  ])
  await db.editions.insertMany([
    { bookId: one!.id, number: 1, printedOn: '2001-01-01', copies: 10 },
    { bookId: two!.id, number: 1, printedOn: '2002-01-01', copies: null },
  ])
})
afterAll(async () => {
  await db?.close()
  await database?.drop()
})

it('in: the rows the hand-written IN (SELECT ...) gives', async () => {
  const found = await books.findMany({ select: ['title'], orderBy: { id: 'asc' }, where: { authorId: { in: db.authors.subquery('id', { where: { status: 'active' } }) } } })
  const expected = await db.sql<{ title: string }>`select title from books where author_id in (select id from authors where status = 'active') order by id`
  expect(found).toEqual(expected)
  expect(found.map((b: { title: string }) => b.title)).toEqual(['One', 'Three'])
})

it('notIn: a NULL among the values does not hide every row (NOT IN would)', async () => {
  // editions.copies holds a NULL; books.stock is 0 for every book.
  const found = await books.findMany({ select: ['title'], orderBy: { id: 'asc' }, where: { stock: { notIn: db.editions.subquery('copies') } } })
  expect(found.map((b: { title: string }) => b.title)).toEqual(['One', 'Two', 'Three'])
  const notIn = await db.sql`select title from books where stock not in (select copies from editions)`
  expect(notIn).toEqual([])
})

it('limits and orders the subquery; works in a delete inside a transaction', async () => {
  const firstEdition = db.editions.subquery('bookId', { orderBy: { printedOn: 'asc' }, limit: 1 })
  expect((await books.findMany({ select: ['title'], where: { id: { in: firstEdition } } })).map((b: { title: string }) => b.title)).toEqual(['One'])
  await db.transaction(async (tx) => {
    const removed = await tx.books.delete({ where: { id: { notIn: tx.editions.subquery('bookId') } } })
    expect(removed).toBe(1)
    throw new Error('roll back')
  }).catch((error: Error) => expect(error.message).toBe('roll back'))
  expect(await db.books.count()).toBe(3)
})
