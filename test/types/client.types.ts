/**
 * Compile-time tests of the generated client (checked by `npm run typecheck`, never run).
 * Each `@ts-expect-error` line must fail to compile, or tsc reports the directive as unused.
 */
import assert from 'node:assert/strict'
import { createDb, type Book, type Author, type AuthorStatus, type NewBook, type Db } from '../../generated/index.js'
import type { Sample } from '../fixtures/all-types/generated/index.js'

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
function expectType<T extends true>(): T | undefined {
  return undefined
}

declare const db: Db

export async function reads() {
  const book = await db.books.findById(1n)
  expectType<Equal<typeof book, Book | null>>()

  const narrowed = await db.books.findMany({ select: ['id', 'title'] })
  expectType<Equal<typeof narrowed, Pick<Book, 'id' | 'title'>[]>>()
  // @ts-expect-error price was not selected
  narrowed[0]?.price

  const one = await db.books.findOneOrThrow({ where: { isbn: 'x' } })
  expectType<Equal<typeof one, Book>>()
  expectType<Equal<Awaited<ReturnType<Db['books']['count']>>, number>>()
  expectType<Equal<Awaited<ReturnType<Db['books']['exists']>>, boolean>>()

  // @ts-expect-error the primary key of books is a bigint
  await db.books.findById(1)
  // @ts-expect-error a composite key is an object
  await db.editions.findById(1n)
  await db.editions.findById({ bookId: 1n, number: 2 })

  // @ts-expect-error unknown column in where
  await db.books.findMany({ where: { titel: 'x' } })
  // @ts-expect-error wrong value type in where
  await db.books.findMany({ where: { price: 10 } })
  // @ts-expect-error text operators are not for numbers
  await db.books.findMany({ where: { stock: { like: '1%' } } })
  // @ts-expect-error array operators are not for scalars
  await db.books.findMany({ where: { title: { has: 'x' } } })
  // @ts-expect-error null only for nullable columns
  await db.books.findMany({ where: { title: null } })
  await db.books.findMany({ where: { publishedOn: null, tags: { hasAny: ['a'] }, OR: [{ title: { ilike: '%a%' } }] } })
  // @ts-expect-error unknown select column
  await db.books.findMany({ select: ['id', 'nope'] })
  // @ts-expect-error order direction
  await db.books.findMany({ orderBy: [{ title: 'up' }] })
  // @ts-expect-error unknown order column
  await db.books.findMany({ orderBy: { nope: 'asc' } })
  // @ts-expect-error enum values are checked
  await db.authors.findMany({ where: { status: 'dead' } })
  const status: AuthorStatus = 'active'
  await db.authors.findMany({ where: { status } })
}

export async function writes() {
  const row: NewBook = { isbn: 'x', title: 't', authorId: 1, price: '1.00' }
  const inserted = await db.books.insert(row)
  expectType<Equal<typeof inserted, Book>>()
  // @ts-expect-error title is required
  await db.books.insert({ isbn: 'x', authorId: 1, price: '1.00' })
  // @ts-expect-error numeric is a string
  await db.books.insert({ isbn: 'x', title: 't', authorId: 1, price: 1 })
  // @ts-expect-error unknown column
  await db.books.insert({ ...row, pages: 3 })
  const count = await db.books.insertMany([row], { returning: false })
  expectType<Equal<typeof count, number>>()
  // @ts-expect-error onConflict must be a unique key
  await db.books.upsert(row, { onConflict: ['title'] })
  await db.books.upsert(row, { onConflict: ['isbn'], update: ['title'] })
  await db.editions.upsert({ bookId: 1n, number: 1, printedOn: '2020-01-01' }, { onConflict: ['number', 'bookId'] })
  // @ts-expect-error increment is for numbers only
  await db.books.update({ where: { id: 1n }, set: { title: { increment: 1 } } })
  await db.books.update({ where: { id: 1n }, set: { stock: { increment: 1 }, publishedOn: null } })
  // @ts-expect-error where (or all: true) is required
  await db.books.delete({})
  // @ts-expect-error where (or all: true) is required
  await db.books.update({ set: { title: 'x' } })
  // @ts-expect-error all must be exactly true
  await db.books.delete({ all: false })
  // @ts-expect-error all cannot come with where
  await db.books.delete({ all: true, where: { id: 1n } })
  // @ts-expect-error all cannot come with where
  await db.books.update({ all: true, where: { id: 1n }, set: { title: 'x' } })
  // @ts-expect-error not nullable
  await db.books.update({ where: { id: 1n }, set: { title: null } })
  const everyRowDeleted = await db.books.delete({ all: true })
  expectType<Equal<typeof everyRowDeleted, number>>()
  const everyRowUpdated = await db.books.update({ all: true, set: { stock: 0 } })
  expectType<Equal<typeof everyRowUpdated, Book[]>>()
  const everyRowCounted = await db.books.update({ all: true, set: { stock: 0 }, returning: false })
  expectType<Equal<typeof everyRowCounted, number>>()
}

export async function queriesArePromises() {
  const books: Promise<Book[]> = db.books.findMany()
  const count: Promise<number> = db.books.count()
  const book: Promise<Book | null> = db.books.findById(1n)
  const narrowed: Promise<Pick<Book, 'id'>[]> = db.books.findMany({ select: ['id'] })
  await assert.rejects(db.books.findMany({ limit: -1 }))
  await assert.doesNotReject(db.books.count())
  const [all, n] = await Promise.all([books, count])
  expectType<Equal<typeof all, Book[]>>()
  expectType<Equal<typeof n, number>>()
  void book
  void narrowed
  // @ts-expect-error the result type is kept: a count is no list of books
  const wrong: Promise<Book[]> = db.books.count()
  void wrong
}

export async function transactions() {
  const value = await db.transaction(async (tx) => {
    const author: Author = await tx.authors.insert({ name: 'a', email: 'a@example.com' })
    return author.id
  })
  expectType<Equal<typeof value, number>>()
  // @ts-expect-error isolation level names
  await db.transaction(async () => 1, { isolation: 'snapshot' })
  const rows = await db.sql<{ n: number }>`select 1 as n`
  expectType<Equal<typeof rows, { n: number }[]>>()
  createDb({ url: 'postgres://localhost/db', max: 5, statementTimeout: 1000 })
  // @ts-expect-error unknown option
  createDb({ urll: 'x' })
}

export function runtimeTypes(sample: Sample) {
  expectType<Equal<typeof sample.big, bigint | null>>()
  expectType<Equal<typeof sample.exact, string | null>>()
  expectType<Equal<typeof sample.day, string | null>>()
  expectType<Equal<typeof sample.stamp, Date | null>>()
  expectType<Equal<typeof sample.bytes, Uint8Array | null>>()
  expectType<Equal<typeof sample.moods, ('happy' | 'sad' | 'so-so')[] | null>>()
  expectType<Equal<typeof sample.matrix, number[][] | null>>()
  expectType<Equal<NonNullable<typeof sample.docb>['nested']['list'], number[]>>()
}
