/**
 * `subquery(column, options)` as the set of `in` / `notIn`: the statement it becomes a
 * part of, and the mismatches refused.
 */
import { afterAll, expect, it } from 'vitest'
import { db, expectNothingSent, expectSql, issuesOf } from './support.js'

afterAll(expectNothingSent)
const books = db.books as any
const authors = db.authors as any

it('in: the subquery is part of the statement, its values parameters of it', () => {
  expectSql(books.findMany({ select: ['id'], where: { stock: { gt: 1 }, authorId: { in: authors.subquery('id', { where: { status: 'active' }, orderBy: { id: 'asc' }, limit: 5 }) } } }), {
    text: [
      'SELECT t0."id" FROM "books" AS t0 WHERE (t0."stock" > $1) AND',
      '(t0."author_id" IN (SELECT t1."id" FROM "authors" AS t1 WHERE t1."status" = $2 ORDER BY t1."id" ASC LIMIT $3))',
    ],
    params: ['1', 'active', '5'],
  })
})

it('notIn: NOT EXISTS, so that a NULL in the set does not hide every row', () => {
  expectSql(books.findMany({ select: ['id'], where: { id: { notIn: (db.reviews as any).subquery('bookId') } } }), {
    text: 'SELECT t0."id" FROM "books" AS t0 WHERE NOT EXISTS (SELECT 1 FROM (SELECT t1."book_id" FROM "reviews" AS t1) AS t2(v) WHERE t2.v = t0."id")',
    params: [],
  })
})

it('refuses a column of another type, an unknown column and unknown options', () => {
  expect(issuesOf(books.findMany({ where: { authorId: { in: authors.subquery('name') } } }))).toEqual([
    { path: 'where.authorId.in', message: expect.stringContaining('compares authorId (int4) with authors.name (text)') },
  ])
  expect(issuesOf(books.findMany({ where: { authorId: { in: authors.subquery('nope') } } }))).toEqual([expect.objectContaining({ path: 'where.authorId.in' })])
  expect(issuesOf(books.findMany({ where: { authorId: { in: authors.subquery('id', { select: ['id'] }) } } }))).toEqual([expect.objectContaining({ path: 'where.authorId.in.select' })])
  expect(issuesOf(books.findMany({ where: { authorId: { in: authors.subquery('id', { where: { nope: 1 } }) } } }))).toEqual([expect.objectContaining({ path: 'where.authorId.in.where.nope' })])
})
