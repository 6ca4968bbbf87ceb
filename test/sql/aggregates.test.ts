/**
 * aggregate and groupBy: the statements they compile to, and the input they refuse.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { all, db, expectNothingSent, expectSql, issuesOf } from './support.js'

afterAll(expectNothingSent)

describe('aggregate', () => {
  it('computes every aggregate asked for in one statement, values as parameters', () => {
    expectSql(
      (db.books as any).aggregate({
        where: { authorId: 3 },
        _count: true,
        _sum: { stock: true },
        _avg: { price: true },
        _min: { publishedOn: true },
        _max: { price: true, title: true },
      }),
      {
        text: [
          'SELECT count(*), sum(t0."stock"), avg(t0."price"), min(t0."published_on"), max(t0."price"), max(t0."title")',
          'FROM "books" AS t0 WHERE t0."author_id" = $1',
        ],
        params: ['3'],
      },
    )
  })

  it('counts the non-null values of columns', () => {
    expectSql((db.books as any).aggregate({ _count: { publishedOn: true, meta: true } }), {
      text: 'SELECT count(t0."published_on"), count(t0."meta") FROM "books" AS t0',
      params: [],
    })
  })

  it('refuses what PostgreSQL cannot compute, naming the column', () => {
    expect(issuesOf((db.books as any).aggregate({ _sum: { title: true }, _avg: { tags: true }, _min: { cover: true } } as never))).toEqual([
      { path: '_sum.title', message: 'sum needs a number column; title is text' },
      { path: '_avg.tags', message: 'avg needs a number column; tags is text[]' },
      { path: '_min.cover', message: 'PostgreSQL has no min of bytea (cover)' },
    ])
    expect(issuesOf((all.samples as any).aggregate({ _max: { flag: true, id: true } } as never))).toEqual([
      expect.objectContaining({ path: '_max.flag', message: expect.stringContaining('no max of bool') }),
    ])
  })

  it('refuses unknown columns and keys, values other than true, and asking for nothing', () => {
    expect(issuesOf((db.books as any).aggregate({ _sum: { nope: true, stock: 1 } } as never))).toEqual([
      expect.objectContaining({ path: '_sum.nope' }),
      { path: '_sum.stock', message: 'expected true' },
    ])
    expect(issuesOf((db.books as any).aggregate({ _count: true, orderBy: { id: 'asc' } } as never))).toEqual([expect.objectContaining({ path: 'orderBy' })])
    expect(issuesOf((db.books as any).aggregate({} as never))).toEqual([{ path: '', message: 'asks for nothing; give at least one of _count, _sum, _avg, _min, _max' }])
    expect(issuesOf((db.books as any).aggregate({ _count: true, _sum: undefined } as never))).toEqual([expect.objectContaining({ path: '_sum' })])
  })
})

describe('groupBy', () => {
  it('groups, filters groups with HAVING, orders by aggregates and pages', () => {
    expectSql(
      (db.books as any).groupBy({
        by: ['authorId'],
        where: { stock: { gt: 0 } },
        _count: true,
        _sum: { stock: true },
        having: { _count: { gt: 1 }, _sum: { stock: { gte: 10n } } },
        orderBy: [{ _count: 'desc' }, { authorId: 'asc' }],
        limit: 10,
        offset: 20,
      }),
      {
        text: [
          'SELECT t0."author_id", count(*), sum(t0."stock") FROM "books" AS t0 WHERE t0."stock" > $1',
          'GROUP BY t0."author_id" HAVING (count(*) > $2) AND (sum(t0."stock") >= $3)',
          'ORDER BY count(*) DESC, t0."author_id" ASC LIMIT $4 OFFSET $5',
        ],
        params: ['0', '1', '10', '10', '20'],
      },
    )
  })

  it('filters and orders by grouped columns and by per-column aggregates, with nulls placement', () => {
    expectSql(
      (db.books as any).groupBy({
        by: ['authorId', 'publishedOn'],
        _max: { price: true },
        having: { authorId: { in: [1, 2] }, _max: { price: { lt: '50' } } },
        orderBy: [{ _max: { price: { dir: 'desc', nulls: 'last' } } }, { publishedOn: { dir: 'asc', nulls: 'first' } }],
      }),
      {
        text: [
          'SELECT t0."author_id", t0."published_on", max(t0."price") FROM "books" AS t0',
          'GROUP BY t0."author_id", t0."published_on" HAVING (t0."author_id" = ANY($1::int4[])) AND (max(t0."price") < $2)',
          'ORDER BY max(t0."price") DESC NULLS LAST, t0."published_on" ASC NULLS FIRST',
        ],
        params: ['{1,2}', '50'],
      },
    )
  })

  it('counts per column in HAVING when _count names columns', () => {
    expectSql((db.books as any).groupBy({ by: ['authorId'], having: { _count: { publishedOn: { gte: 2 } } } }), {
      text: 'SELECT t0."author_id" FROM "books" AS t0 GROUP BY t0."author_id" HAVING count(t0."published_on") >= $1',
      params: ['2'],
    })
  })

  it('refuses a missing or empty by, columns that are not grouped, and wrong aggregate targets', () => {
    expect(issuesOf((db.books as any).groupBy({ _count: true } as never))).toEqual([{ path: 'by', message: 'is required: the columns to group by' }])
    expect(issuesOf((db.books as any).groupBy({ by: [] } as never))).toEqual([{ path: 'by', message: 'is empty; name at least one column' }])
    expect(
      issuesOf(
        (db.books as any).groupBy({
          by: ['authorId', 'authorId'],
          having: { title: 'x', _sum: { title: { gt: 1 } } },
          orderBy: [{ stock: 'asc' }, { _avg: { isbn: 'asc' } }],
        } as never),
      ),
    ).toEqual([
      { path: 'by[1]', message: 'lists authorId twice' },
      expect.objectContaining({ path: 'having.title', message: expect.stringContaining('a column of by (authorId)') }),
      { path: 'having._sum.title', message: 'sum needs a number column; title is text' },
      expect.objectContaining({ path: 'orderBy[0].stock' }),
      { path: 'orderBy[1]._avg.isbn', message: 'avg needs a number column; isbn is varchar' },
    ])
  })

  it('keeps values out of the text: a having value is a parameter of the aggregate type', () => {
    const statement = (db.books as any).groupBy({ by: ['authorId'], having: { _sum: { stock: { gt: 9007199254740993n } } } }).toSQL()[0]!
    expect(statement.params).toEqual(['9007199254740993'])
    expect(statement.text).not.toContain('9007199254740993')
  })
})
