/**
 * Compile-time tests of the calls beyond CRUD (aggregates, groups, keyset pages, relation
 * counts, subqueries, JSON paths, changes in `set`, search), checked by `npm run typecheck`
 * and never run. Each `@ts-expect-error` line must fail to compile, or tsc reports the
 * directive as unused.
 */
import type { Book, Db } from '../../generated/index.js'
import type { Sample } from '../fixtures/all-types/generated/index.js'
import type { Db as SamplesDb } from '../fixtures/all-types/generated/index.js'

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
function expectType<T extends true>(): T | undefined {
  return undefined
}

declare const db: Db
declare const samples: SamplesDb

export async function aggregates() {
  const totals = await db.books.aggregate({ _count: true, _sum: { stock: true, price: true }, _avg: { stock: true }, _min: { createdAt: true }, _max: { title: true } })
  // PostgreSQL's result types: sum of int4 is int8 (bigint), of numeric numeric (string); avg of int4 numeric.
  expectType<Equal<typeof totals._count, number>>()
  expectType<Equal<typeof totals._sum, { stock: bigint | null; price: string | null }>>()
  expectType<Equal<typeof totals._avg, { stock: string | null }>>()
  expectType<Equal<typeof totals._min, { createdAt: Date | null }>>()
  expectType<Equal<typeof totals._max, { title: string | null }>>()

  const floats = await samples.samples.aggregate({ _sum: { small: true, big: true, real: true, double: true }, _avg: { double: true, big: true } })
  expectType<Equal<typeof floats._sum, { small: bigint | null; big: string | null; real: number | null; double: number | null }>>()
  expectType<Equal<typeof floats._avg, { double: number | null; big: string | null }>>()

  const counts = await db.books.aggregate({ _count: { publishedOn: true } })
  expectType<Equal<typeof counts, { _count: { publishedOn: number } }>>()

  // @ts-expect-error sum of a text column
  await db.books.aggregate({ _sum: { title: true } })
  // @ts-expect-error a wrong column next to a valid one is still refused
  await db.books.aggregate({ _sum: { stock: true, title: true } })
  // @ts-expect-error avg of a date
  await db.books.aggregate({ _avg: { publishedOn: true } })
  // @ts-expect-error min of jsonb (PostgreSQL has none)
  await db.books.aggregate({ _min: { meta: true } })
  // @ts-expect-error min of an array column
  await db.books.aggregate({ _min: { tags: true } })
  // @ts-expect-error unknown column in _count
  await db.books.aggregate({ _count: { nope: true } })
  // @ts-expect-error unknown option
  await db.books.aggregate({ _count: true, limit: 3 })
}

export async function groups() {
  const groups = await db.books.groupBy({
    by: ['authorId'],
    _count: true,
    _sum: { stock: true },
    having: { _sum: { stock: { gt: 10n } }, authorId: { in: [1, 2] } },
    orderBy: [{ _sum: { stock: 'desc' } }, { authorId: 'asc' }],
    limit: 10,
  })
  expectType<Equal<(typeof groups)[number]['authorId'], number>>()
  expectType<Equal<(typeof groups)[number]['_count'], number>>()
  expectType<Equal<(typeof groups)[number]['_sum'], { stock: bigint | null }>>()
  // @ts-expect-error title is not grouped
  groups[0]?.title

  // @ts-expect-error ordering by a column that is not grouped
  await db.books.groupBy({ by: ['authorId'], _count: true, orderBy: { title: 'asc' } })
  // @ts-expect-error having on a sum compares with the sum's type (bigint for int4)
  await db.books.groupBy({ by: ['authorId'], _sum: { stock: true }, having: { _sum: { stock: { gt: 'ten' } } } })
  // @ts-expect-error sum of text in a group
  await db.books.groupBy({ by: ['authorId'], _sum: { title: true } })
  // @ts-expect-error by lists columns
  await db.books.groupBy({ by: ['nope'], _count: true })
}

export async function orderingsAndPages() {
  await db.books.findMany({ orderBy: [{ publishedOn: { dir: 'desc', nulls: 'last' } }, { id: 'asc' }], after: { publishedOn: null, id: 5n }, limit: 20 })
  await db.books.findMany({ orderBy: { author: { name: 'asc' } } })
  await db.authors.findMany({ orderBy: { books: { _count: 'desc' } } })
  await db.books.findMany({ distinctOn: ['authorId'], orderBy: [{ authorId: 'asc' }, { createdAt: 'desc' }] })
  await db.books.findMany({ distinct: true, select: ['authorId'] })

  // @ts-expect-error nulls placement is first or last
  await db.books.findMany({ orderBy: { publishedOn: { dir: 'desc', nulls: 'middle' } } })
  // @ts-expect-error a cursor value has the column's type
  await db.books.findMany({ orderBy: { id: 'asc' }, after: { id: 'five' } })
  // @ts-expect-error json has no ordering
  await samples.samples.findMany({ orderBy: { doc: 'asc' } })
  // @ts-expect-error distinctOn lists columns
  await db.books.findMany({ distinctOn: ['nope'] })
}

export async function relationCounts() {
  const authors = await db.authors.findMany({ select: ['name'], with: { _count: { books: true } } })
  expectType<Equal<(typeof authors)[number]['_count'], { books: number }>>()
  const books = await db.books.findMany({ select: ['title'], with: { author: true, _count: { reviews: { where: { rating: { gte: 4 } } }, genres: true } } })
  expectType<Equal<(typeof books)[number]['_count'], { reviews: number; genres: number }>>()
  // @ts-expect-error authors have no reviews relation (next to a known one)
  await db.authors.findMany({ with: { _count: { books: true, reviews: true } } })
  // @ts-expect-error a to-one relation has no count
  await db.books.findMany({ with: { _count: { reviews: true, author: true } } })
  // @ts-expect-error unknown relation next to a known one, in with
  await db.authors.findMany({ with: { books: true, nope: true } })
  // @ts-expect-error the same in findById
  await db.authors.findById(1, { with: { books: true, nope: true } })
  // @ts-expect-error and nested
  await db.authors.findMany({ with: { books: { with: { author: true, nope: true } } } })
  // @ts-expect-error and in load
  await db.authors.load([{ id: 1 }], { books: true, nope: true })
  // @ts-expect-error a count takes where only
  await db.authors.findMany({ with: { _count: { books: { limit: 1 } } } })
  // @ts-expect-error unknown relation
  await db.authors.findMany({ with: { _count: { nope: true } } })
}

export async function subqueries() {
  const activeAuthors = db.authors.subquery('id', { where: { status: 'active' } })
  await db.books.findMany({ where: { authorId: { in: activeAuthors } } })
  await db.books.findMany({ where: { id: { notIn: db.editions.subquery('bookId') } } })
  // @ts-expect-error a subquery of text cannot filter an integer column
  await db.books.findMany({ where: { authorId: { in: db.authors.subquery('name') } } })
  // @ts-expect-error a subquery of int4 cannot filter a bigint column
  await db.books.findMany({ where: { id: { in: db.authors.subquery('id') } } })
  // @ts-expect-error subquery of an unknown column
  db.authors.subquery('nope')
}

export async function jsonPaths() {
  await db.books.findMany({ where: { meta: { path: ['language'], equals: 'en' } } })
  await db.books.findMany({ where: { meta: { path: ['pages'], gte: 100 } } })
  await db.books.findMany({ where: { meta: { path: ['awards'], contains: ['hugo'] } } })
  await db.books.findMany({ where: { meta: { hasKey: 'awards' } } })
  await samples.samples.findMany({ where: { docb: { path: ['nested', 'flag'], equals: true } } })
  await samples.samples.findMany({ where: { docb: { path: ['nested', 'list'], contains: [1] } } })

  // @ts-expect-error BookMeta has no such key
  await db.books.findMany({ where: { meta: { path: ['series'], equals: 'x' } } })
  // @ts-expect-error pages is a number
  await db.books.findMany({ where: { meta: { path: ['pages'], equals: 'many' } } })
  // @ts-expect-error a path below a string
  await db.books.findMany({ where: { meta: { path: ['language', 'deeper'], equals: 'x' } } })
  // @ts-expect-error nested.flag is a boolean or null
  await samples.samples.findMany({ where: { docb: { path: ['nested', 'flag'], equals: 'yes' } } })
}

export async function changes() {
  await db.books.update({ where: { id: 1n }, set: { meta: { merge: { pages: 10 } }, tags: { append: ['x'] }, stock: { increment: 1 } } })
  await db.books.update({ where: { id: 1n }, set: { meta: { path: ['language'], value: 'fr' }, tags: { remove: 'x' } } })
  // @ts-expect-error merge takes keys of BookMeta
  await db.books.update({ where: { id: 1n }, set: { meta: { merge: { series: 'x' } } } })
  // @ts-expect-error the value at a path has its declared type
  await db.books.update({ where: { id: 1n }, set: { meta: { path: ['pages'], value: 'ten' } } })
  // @ts-expect-error append to a text[] takes text
  await db.books.update({ where: { id: 1n }, set: { tags: { append: [1] } } })
  // @ts-expect-error increment is for numbers
  await db.books.update({ where: { id: 1n }, set: { title: { increment: 1 } } })
  // @ts-expect-error merge is for jsonb
  await samples.samples.update({ where: { id: 1n }, set: { doc: { merge: { a: 1 } } } })
}

export async function search() {
  const found: Book[] = await db.books.findMany({ where: { title: { search: 'left hand' } } })
  await db.books.findMany({ where: { title: { search: { query: '"left hand" -darkness', config: 'english' } } } })
  void found
  // @ts-expect-error search is for text columns
  await db.books.findMany({ where: { stock: { search: '1' } } })
  // @ts-expect-error search is for text columns (jsonb too)
  await db.books.findMany({ where: { meta: { search: 'x' } } })
  const typed: Sample[] = await samples.samples.findMany({ where: { text: { search: 'x' }, ci: { search: 'y' } } })
  void typed
}
