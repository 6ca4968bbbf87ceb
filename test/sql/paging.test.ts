/**
 * Orderings beyond columns (nulls placement, relations), DISTINCT / DISTINCT ON and
 * keyset pagination (`after` / `before`): the statements, and the input refused.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { bookColumns, db, expectNothingSent, expectSql, issuesOf } from './support.js'

afterAll(expectNothingSent)
const books = db.books as any

describe('orderBy', () => {
  it('places nulls as asked', () => {
    expectSql(books.findMany({ select: ['id'], orderBy: [{ publishedOn: { dir: 'desc', nulls: 'last' } }, { id: 'asc' }] }), {
      text: 'SELECT t0."id" FROM "books" AS t0 ORDER BY t0."published_on" DESC NULLS LAST, t0."id" ASC',
      params: [],
    })
  })

  it("orders by a to-one relation's column and by a to-many relation's count", () => {
    expectSql(books.findMany({ select: ['id'], orderBy: [{ author: { name: 'asc' } }, { reviews: { _count: 'desc' } }] }), {
      text: [
        'SELECT t0."id" FROM "books" AS t0 ORDER BY',
        '(SELECT t1."name" FROM "authors" AS t1 WHERE t1."id" = t0."author_id") ASC,',
        '(SELECT count(*) FROM "reviews" AS t2 WHERE t2."book_id" = t0."id") DESC',
      ],
      params: [],
    })
  })

  it('refuses unknown keys, a count of a to-one relation, and two columns in one relation term', () => {
    expect(issuesOf(books.findMany({ orderBy: [{ author: { _count: 'asc' } }, { reviews: { rating: 'asc' } }, { author: { name: 'asc', id: 'asc' } }, { publishedOn: { dir: 'up' } }] }))).toEqual([
      expect.objectContaining({ path: 'orderBy[0].author._count', message: expect.stringContaining('unknown column of authors') }),
      expect.objectContaining({ path: 'orderBy[1].reviews.rating', message: expect.stringContaining('_count') }),
      expect.objectContaining({ path: 'orderBy[2].author', message: expect.stringContaining('exactly one') }),
      expect.objectContaining({ path: 'orderBy[3].publishedOn.dir' }),
    ])
  })
})

describe('distinct', () => {
  it('DISTINCT ON with an ordering that starts with its columns', () => {
    expectSql(books.findMany({ distinctOn: ['authorId'], orderBy: [{ authorId: 'asc' }, { createdAt: 'desc' }] }), {
      text: `SELECT DISTINCT ON (t0."author_id") ${bookColumns} FROM "books" AS t0 ORDER BY t0."author_id" ASC, t0."created_at" DESC`,
      params: [],
    })
  })

  it('orders DISTINCT ON groups by their columns when no orderBy is given', () => {
    expectSql(books.findMany({ distinctOn: ['authorId'], select: ['id'] }), {
      text: 'SELECT DISTINCT ON (t0."author_id") t0."id" FROM "books" AS t0 ORDER BY t0."author_id" ASC',
      params: [],
    })
  })

  it('refuses an ordering that does not start with the distinctOn columns', () => {
    expect(issuesOf(books.findMany({ distinctOn: ['authorId'], orderBy: [{ createdAt: 'desc' }, { authorId: 'asc' }] }))).toEqual([
      expect.objectContaining({ path: 'orderBy', message: expect.stringContaining('must start with the distinctOn columns (authorId)') }),
    ])
  })

  it('DISTINCT of selected columns; refused with relations, locks, or an ordering on other columns', () => {
    expectSql(books.findMany({ distinct: true, select: ['authorId'], orderBy: { authorId: 'asc' } }), {
      text: 'SELECT DISTINCT t0."author_id" FROM "books" AS t0 ORDER BY t0."author_id" ASC',
      params: [],
    })
    expect(issuesOf(books.findMany({ distinct: true, select: ['authorId'], orderBy: { id: 'asc' }, with: { author: true }, lock: 'forUpdate' })).map((i) => i.path)).toEqual([
      'distinct',
      'orderBy',
      'lock',
    ])
  })
})

describe('keyset pagination', () => {
  it('a row comparison when every column sorts one way and none is nullable', () => {
    expectSql(books.findMany({ select: ['id'], orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], after: { createdAt: new Date('2020-01-02T03:04:05.678Z'), id: 42n }, limit: 20 }), {
      text: [
        'SELECT t0."id" FROM "books" AS t0 WHERE (t0."created_at", t0."id") < ($1::timestamptz, $2::int8)',
        'ORDER BY t0."created_at" DESC, t0."id" DESC LIMIT $3',
      ],
      params: ['2020-01-02T03:04:05.678Z', '42', '20'],
    })
  })

  it('mixed directions and a nullable column: the expanded condition with a bound on the first column', () => {
    expectSql(books.findMany({ select: ['id'], where: { stock: { gt: 0 } }, orderBy: [{ stock: 'asc' }, { publishedOn: 'desc' }, { id: 'asc' }], after: { stock: 3, publishedOn: '2001-02-03', id: 7n } }), {
      text: [
        'SELECT t0."id" FROM "books" AS t0 WHERE t0."stock" > $1 AND (t0."stock" >= $2::int4 AND',
        '((t0."stock" > $2::int4) OR (t0."stock" = $2::int4 AND t0."published_on" < $3::date) OR (t0."stock" = $2::int4 AND t0."published_on" = $3::date AND t0."id" > $4::int8)))',
        'ORDER BY t0."stock" ASC, t0."published_on" DESC, t0."id" ASC',
      ],
      params: ['0', '3', '2001-02-03', '7'],
    })
  })

  it('before: reads backwards from the cursor (reversed order, nulls placement kept)', () => {
    expectSql(books.findMany({ select: ['id'], orderBy: [{ publishedOn: { dir: 'asc', nulls: 'last' } }, { id: 'asc' }], before: { publishedOn: null, id: 9n }, limit: 2 }), {
      text: [
        'SELECT t0."id" FROM "books" AS t0 WHERE (t0."published_on" IS NOT NULL) OR (t0."published_on" IS NULL AND t0."id" < $1::int8)',
        'ORDER BY t0."published_on" DESC NULLS FIRST, t0."id" DESC LIMIT $2',
      ],
      params: ['9', '2'],
    })
  })

  it('refuses an ordering without a unique key, a relation ordering, incomplete or foreign cursors', () => {
    expect(issuesOf(books.findMany({ orderBy: { createdAt: 'desc' }, after: { createdAt: new Date() } }))).toEqual([
      { path: 'after', message: expect.stringContaining('unique key of non-null columns') },
    ])
    expect(issuesOf(books.findMany({ orderBy: [{ author: { name: 'asc' } }, { id: 'asc' }], after: { id: 1n } }))).toEqual([
      { path: 'after', message: expect.stringContaining('relation') },
    ])
    expect(issuesOf(books.findMany({ orderBy: [{ stock: 'asc' }, { id: 'asc' }], after: { id: 1n, title: 'x' } }))).toEqual([
      expect.objectContaining({ path: 'after.title' }),
      expect.objectContaining({ path: 'after.stock', message: expect.stringContaining('is missing') }),
    ])
    expect(issuesOf(books.findMany({ orderBy: { id: 'asc' }, after: { id: 'x' }, before: { id: 1n } }))).toEqual([expect.objectContaining({ path: 'after' })])
    expect(issuesOf(books.findMany({ after: { id: 1n } }))).toEqual([{ path: 'after', message: expect.stringContaining('needs an orderBy') }])
    expect(issuesOf(books.findMany({ orderBy: { id: 'asc' }, after: { id: 'x' } }))).toEqual([expect.objectContaining({ path: 'after.id' })])
  })

  it('a unique key other than the primary key makes a cursor', () => {
    expect(() => books.findMany({ select: ['id'], orderBy: { isbn: 'asc' }, after: { isbn: '9780000000001' } }).toSQL()).not.toThrow()
  })
})
