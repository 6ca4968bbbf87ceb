/**
 * JSON path filters, jsonb and array changes in `set`, and full-text search: the
 * statements, and the input refused.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { all, db, expectNothingSent, expectSql, issuesOf } from './support.js'

afterAll(expectNothingSent)
const books = db.books as any
const samples = all.samples as any

describe('JSON path filters', () => {
  it('equals a scalar on jsonb: containment, which a GIN index answers', () => {
    expectSql(books.findMany({ select: ['id'], where: { meta: { path: ['language'], equals: 'en' } } }), {
      text: 'SELECT t0."id" FROM "books" AS t0 WHERE t0."meta" @> $1::jsonb',
      params: ['{"language":"en"}'],
    })
  })

  it('compares, lists, containment, nulls and keys at a path, as jsonb', () => {
    expectSql(books.findMany({ select: ['id'], where: { meta: { path: ['awards', 0], ne: 'x', gte: 'a', in: ['b', 1], contains: 'c', isNull: false, hasKey: 'k' } } }), {
      text: [
        'SELECT t0."id" FROM "books" AS t0 WHERE ((t0."meta" #> $1::text[]) IS DISTINCT FROM $2::jsonb) AND ((t0."meta" #> $1::text[]) >= $3::jsonb)',
        'AND ((t0."meta" #> $1::text[]) = ANY($4::jsonb[])) AND ((t0."meta" #> $1::text[]) @> $5::jsonb)',
        "AND (((t0.\"meta\" #> $1::text[]) IS NOT NULL AND (t0.\"meta\" #> $1::text[]) <> 'null'::jsonb)) AND ((t0.\"meta\" #> $1::text[]) ? $6)",
      ],
      params: ['{awards,0}', '"x"', '"a"', '{"\\"b\\"",1}', '"c"', 'k'],
    })
  })

  it('hasKey on the column; a json column is read as jsonb', () => {
    expectSql(books.findMany({ select: ['id'], where: { meta: { hasKey: 'awards' } } }), { text: 'SELECT t0."id" FROM "books" AS t0 WHERE t0."meta" ? $1', params: ['awards'] })
    expectSql(samples.findMany({ select: ['id'], where: { doc: { path: ['a'], equals: 1 } } }), {
      text: 'SELECT t0."id" FROM "samples" AS t0 WHERE (t0."doc"::jsonb #> $1::text[]) = $2::jsonb',
      params: ['{a}', '1'],
    })
  })

  it('refuses an empty path, wrong keys and operators, and comparisons with objects', () => {
    expect(issuesOf(books.findMany({ where: { meta: { path: [], equals: 1 } } }))).toEqual([expect.objectContaining({ path: 'where.meta.path' })])
    expect(issuesOf(books.findMany({ where: { meta: { path: [{}], like: 'x', gt: {} } } })).map((i) => i.path)).toEqual(['where.meta.path[0]', 'where.meta.like', 'where.meta.gt'])
    expect(issuesOf(books.findMany({ where: { meta: { path: ['a'] } } }))).toEqual([expect.objectContaining({ path: 'where.meta', message: expect.stringContaining('no operator') })])
  })
})

describe('changes in set', () => {
  it('merge and path of jsonb; append and remove of arrays', () => {
    expectSql(books.update({ where: { id: 1n }, set: { tags: { append: 'classic' }, meta: { merge: { pages: 320 } } }, returning: false }), {
      text: `UPDATE "books" AS t0 SET "tags" = coalesce(t0."tags", '{}') || $1::text[], "meta" = coalesce(t0."meta", '{}'::jsonb) || $2::jsonb WHERE t0."id" = $3`,
      params: ['{classic}', '{"pages":320}', '1'],
    })
    expectSql(books.update({ where: { id: 1n }, set: { tags: { remove: 'x' }, meta: { path: ['a', 'b'], value: 320 } }, returning: false }), {
      text: [
        `UPDATE "books" AS t0 SET "tags" = array_remove(t0."tags", $1::text),`,
        `"meta" = jsonb_set(coalesce(t0."meta", '{}'::jsonb), ARRAY[$3::text], jsonb_set(coalesce(coalesce(t0."meta", '{}'::jsonb) -> $3::text, '{}'::jsonb), ARRAY[$4::text], $2::jsonb, true), true)`,
        'WHERE t0."id" = $5',
      ],
      params: ['x', '320', 'a', 'b', '1'],
    })
  })

  it('refuses what is no change: merge of a non-object, numeric path keys, removing null, arrays of arrays', () => {
    expect(issuesOf(books.update({ where: { id: 1n }, set: { meta: { merge: [1] } } })).map((i) => i.path)).toEqual(['set.meta.merge'])
    expect(issuesOf(books.update({ where: { id: 1n }, set: { meta: { path: [0], value: 1 } } })).map((i) => i.path)).toEqual(['set.meta.path[0]'])
    expect(issuesOf(books.update({ where: { id: 1n }, set: { tags: { remove: null }, stock: { append: 1 } } })).map((i) => i.path)).toEqual(['set.stock', 'set.tags.remove'])
    expect(issuesOf(samples.update({ where: { id: 1n }, set: { matrix: { append: [1] } } })).map((i) => i.path)).toEqual(['set.matrix'])
  })
})

describe('full-text search', () => {
  it("websearch syntax, the configuration written into the text to match an expression index ('simple' by default)", () => {
    expectSql(books.findMany({ select: ['id'], where: { title: { search: 'left hand -darkness' } } }), {
      text: `SELECT t0."id" FROM "books" AS t0 WHERE to_tsvector('simple'::regconfig, t0."title") @@ websearch_to_tsquery('simple'::regconfig, $1)`,
      params: ['left hand -darkness'],
    })
    expectSql(books.findMany({ select: ['id'], where: { title: { search: { query: 'darkness', config: 'english' } } } }), {
      text: `SELECT t0."id" FROM "books" AS t0 WHERE to_tsvector('english'::regconfig, t0."title") @@ websearch_to_tsquery('english'::regconfig, $1)`,
      params: ['darkness'],
    })
  })

  it('refuses a configuration that is not a plain name (it is part of the text), and non-text columns', () => {
    expect(issuesOf(books.findMany({ where: { title: { search: { query: 'x', config: "english'); drop table books; --" } } } }))).toEqual([
      expect.objectContaining({ path: 'where.title.search.config' }),
    ])
    expect(issuesOf(books.findMany({ where: { stock: { search: 'x' } } }))).toEqual([expect.objectContaining({ path: 'where.stock.search' })])
  })
})
