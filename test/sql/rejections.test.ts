/**
 * Bad input is refused when the call is made: `toSQL()` throws the ValidationError that
 * awaiting the query would reject with, listing every problem. A few representative cases;
 * the integration tests cover the rest against a server.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { all, db, expectNothingSent, issuesOf, rel } from './support.js'

afterAll(expectNothingSent)

describe('reads', () => {
  it('lists every problem of a findMany at once', () => {
    const query = db.books.findMany({
      where: { nope: 1, title: undefined, stock: { between: 1 } },
      limit: -1,
      offset: 1.5,
      orderBy: { title: 'up' },
      select: [],
    } as never)
    expect(issuesOf(query)).toEqual([
      { path: 'select', message: 'is empty; name at least one column' },
      {
        path: 'where.nope',
        message: 'unknown column of books; expected one of id, isbn, title, authorId, price, stock, tags, meta, publishedOn, cover, createdAt, AND, ...',
      },
      { path: 'where.title', message: 'is undefined; a filter that vanishes would match every row. Leave the key out, or use null for IS NULL' },
      { path: 'where.stock.between', message: 'unknown operator for this column; expected one of eq, ne, gt, gte, lt, lte, in, notIn, isNull' },
      { path: 'orderBy.title', message: "expected 'asc', 'desc' or { dir: 'asc' | 'desc', nulls?: 'first' | 'last' }, got a string" },
      { path: 'limit', message: 'must be a non-negative integer, got a number' },
      { path: 'offset', message: 'must be a non-negative integer, got a fractional number' },
    ])
  })

  it('findById needs every part of the key, and nothing else', () => {
    expect(issuesOf(db.books.findById(null as never))).toEqual([{ path: 'key', message: 'is null; a primary key value is required' }])
    expect(issuesOf(db.editions.findById({ bookId: 1n } as never))).toEqual([{ path: 'key.number', message: 'is undefined; a primary key value is required' }])
    expect(issuesOf(db.editions.findById({ bookId: 1n, number: 2, extra: 1 } as never))).toEqual([
      { path: 'key.extra', message: 'is not part of the primary key (bookId, number)' },
    ])
  })

  it('skipLocked and noWait cannot be combined', () => {
    expect(issuesOf(db.books.findMany({ lock: 'forUpdate', skipLocked: true, noWait: true }))).toEqual([
      { path: 'lock', message: 'skipLocked and noWait cannot be combined' },
    ])
  })

  it('values the server would refuse are refused first', () => {
    expect(issuesOf(db.books.findMany({ where: { title: { like: 'abc\\' }, stock: 3000000000, publishedOn: '2023-02-30' } }))).toEqual([
      { path: 'where.title.like', message: 'a LIKE pattern cannot end with the escape character \\; write \\\\ for a backslash' },
      { path: 'where.stock', message: 'expected an integer from -2147483648 to 2147483647; this one is out of range' },
      {
        path: 'where.publishedOn',
        message: "expected a date string 'YYYY-MM-DD' of a day that exists, from 4714-11-24 BC to 5874897-12-31",
      },
    ])
    expect(issuesOf(db.books.findMany({ where: { title: 'a\u0000b' } }))).toEqual([{ path: 'where.title', message: 'text cannot contain the NUL character (\\0)' }])
  })

  it('a json column cannot be compared', () => {
    expect(issuesOf(all.samples.findMany({ where: { doc: { eq: { a: 1, b: [] } } } as never }))).toEqual([
      { path: 'where.doc.eq', message: 'unknown operator for this column; expected one of isNull, path' },
    ])
  })

  // PostgreSQL has no ordering for json ("could not identify an ordering operator for type
  // json"), and the generated orderBy type leaves json columns out; a cast-away call is
  // refused with a ValidationError before anything is sent, as comparing a json column is.
  it('orderBy on a json column is refused before anything is sent', () => {
    expect(issuesOf(all.samples.findMany({ select: ['id'], orderBy: { doc: 'asc' } } as never))).toEqual([expect.objectContaining({ path: 'orderBy.doc' })])
  })

  it('unknown relations and relation filters', () => {
    expect(issuesOf(db.books.findMany({ with: { nope: true } } as never))).toEqual([
      { path: 'with.nope', message: 'unknown relation of books; expected one of author, editions, genres, orderItems, reviews' },
    ])
    expect(issuesOf(rel.users.findMany({ where: { posts: { is: {} } } as never }))).toEqual([
      { path: 'where.posts.is', message: 'unknown relation filter; expected some, none, every for a many relation' },
    ])
  })
})

describe('writes', () => {
  it('update and delete need a where that narrows, or all: true', () => {
    expect(issuesOf(db.books.update({ where: {}, set: { title: 'x' } }))).toEqual([
      { path: 'where', message: 'narrows nothing (it has no condition, or one every row meets); to update every row, say so: update({ all: true, set })' },
    ])
    expect(issuesOf(db.books.delete({ where: { id: { notIn: [] } } }))).toEqual([
      { path: 'where', message: 'narrows nothing (it has no condition, or one every row meets); to delete every row, say so: delete({ all: true })' },
    ])
    expect(issuesOf(db.books.delete(undefined as never))).toEqual([
      { path: 'where', message: 'is required: give a filter that narrows, or delete({ all: true }) to delete every row' },
    ])
    expect(issuesOf(db.books.delete({ all: true, where: { id: 1n } } as never))).toEqual([
      { path: 'all', message: 'cannot be combined with where; give where to narrow, or all: true alone for every row' },
    ])
  })

  it('AND: [] is refused, even in a write that would narrow otherwise', () => {
    expect(issuesOf(db.books.delete({ where: { id: 1n, AND: [] } }))).toEqual([
      { path: 'where.AND', message: 'is an empty list; AND of no filter is refused (give at least one filter, or leave AND out)' },
    ])
  })

  it('an insert is checked by the zod schema: wrong types, missing and unknown columns', () => {
    expect(issuesOf(db.books.insert({ title: 5, isbn: 'x', price: '1', nope: 1 } as never))).toEqual([
      { path: 'title', message: 'expected a string, got a number' },
      { path: 'authorId', message: 'is required: expected a number' },
      { path: 'nope', message: 'unknown column of books; expected one of id, isbn, title, authorId, price, stock, tags, meta, publishedOn, cover, createdAt' },
    ])
  })

  it('insertMany names the row of each problem', () => {
    expect(issuesOf(db.books.insertMany([{ isbn: '1' }, 5] as never))).toEqual([
      { path: '[0].title', message: 'is required: expected a string' },
      { path: '[0].authorId', message: 'is required: expected a number' },
      { path: '[0].price', message: 'is required: expected a string' },
      { path: '[1]', message: 'expected a plain object, got a number' },
    ])
  })

  it('upsert needs a unique key to conflict on, and new values for the columns it updates', () => {
    const row = { isbn: '1', title: 'A', authorId: 1, price: '1.00' }
    expect(issuesOf(db.books.upsert(row, { onConflict: ['title'] } as never))).toEqual([
      { path: 'onConflict', message: "is not a unique key of books; use ['id'] or ['isbn']" },
    ])
    expect(issuesOf(db.books.upsert(row, { onConflict: ['isbn'], update: ['stock'] }))).toEqual([
      { path: 'update[0]', message: "'stock' is not given in the row, so there is no new value to update it with" },
    ])
  })

  it('set must change something, one way', () => {
    expect(issuesOf(db.books.update({ where: { id: 1n }, set: {} }))).toEqual([{ path: 'set', message: 'is empty; give at least one column to change' }])
    expect(issuesOf(db.books.update({ where: { id: 1n }, set: { stock: { increment: 1, decrement: 1 } as never } }))).toEqual([
      { path: 'set.stock', message: 'expected a value, { increment: n } or { decrement: n }' },
    ])
  })

  it('link works on many-to-many relations only', () => {
    expect(issuesOf(db.books.link('author' as never, 1n, [1] as never))).toEqual([{ path: 'relation', message: "'author' is not a many-to-many relation of books" }])
  })
})
