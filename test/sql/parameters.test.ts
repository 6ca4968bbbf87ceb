/**
 * Values are always parameters: whatever string or number goes into a filter, a `set`, a
 * row or `db.sql`, the SQL text is the one of the call's shape, and the parameters hold the
 * value in PostgreSQL's text format.
 */
import { afterAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Query } from 'dbridge'
import { decodeArray, decodeText } from 'dbridge/runtime'
import { all, db, expectNothingSent } from './support.js'

afterAll(expectNothingSent)

/** Any text PostgreSQL can take: every code point but NUL (lone surrogates cannot be produced). */
const text = (constraints: { minLength?: number; maxLength?: number } = {}) =>
  fc.string({ unit: 'binary', maxLength: 40, ...constraints }).filter((s) => !s.includes('\0'))
const int4 = fc.integer({ min: -2147483648, max: 2147483647 })
const int8 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })

/** The one statement of `query`, which must have exactly `text` (so no value is in it) and hold `values` nowhere in it. */
function statementOf(query: Query<unknown>, expectedText: string, values: readonly string[]) {
  const statements = query.toSQL()
  expect(statements).toHaveLength(1)
  const statement = statements[0]!
  expect(statement.text).toBe(expectedText)
  for (const value of values) if (!expectedText.includes(value)) expect(statement.text).not.toContain(value)
  return statement
}

/** How startsWith, endsWith and contains write a value into a LIKE pattern. */
const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => '\\' + c)

describe('values never become SQL text', () => {
  it('text in an equality filter', () => {
    fc.assert(
      fc.property(text(), (title) => {
        const statement = statementOf(db.books.findMany({ select: ['id'], where: { title } }), 'SELECT t0."id" FROM "books" AS t0 WHERE t0."title" = $1', [title])
        expect(statement.params).toEqual([title])
      }),
    )
  })

  it('text in LIKE operators, escaped where the operator says it is literal', () => {
    const likePattern = text().filter((s) => (s.length - s.replace(/\\+$/, '').length) % 2 === 0)
    fc.assert(
      fc.property(likePattern, text(), text(), text(), (like, prefix, suffix, part) => {
        const query = db.books.findMany({ select: ['id'], where: { title: { like, startsWith: prefix, endsWith: suffix, contains: part } } })
        const statement = statementOf(
          query,
          'SELECT t0."id" FROM "books" AS t0 WHERE (t0."title" LIKE $1) AND (t0."title" LIKE $2) AND (t0."title" LIKE $3) AND (t0."title" LIKE $4)',
          [like, prefix, suffix, part],
        )
        expect(statement.params).toEqual([like, escapeLike(prefix) + '%', '%' + escapeLike(suffix), '%' + escapeLike(part) + '%'])
      }),
    )
  })

  it('a list of text in one array parameter', () => {
    fc.assert(
      fc.property(fc.array(text(), { minLength: 1, maxLength: 8 }), (titles) => {
        const statement = statementOf(db.books.findMany({ select: ['id'], where: { title: { in: titles } } }), 'SELECT t0."id" FROM "books" AS t0 WHERE t0."title" = ANY($1::text[])', titles)
        expect(decodeArray(statement.params[0]!, decodeText)).toEqual(titles)
      }),
    )
  })

  it('integers, bigints and floats in filters', () => {
    fc.assert(
      fc.property(int4, int8, fc.double(), (int, big, double) => {
        const query = all.samples.findMany({ select: ['id'], where: { int, big: { gte: big }, double } })
        const statement = statementOf(query, 'SELECT t0."id" FROM "samples" AS t0 WHERE (t0."int" = $1) AND (t0."big" >= $2) AND (t0."double" = $3)', [
          String(int),
          String(big),
        ])
        expect(statement.params.slice(0, 2)).toEqual([String(int), String(big)])
        // float8 input takes NaN, Infinity, -0 and the shortest round-trip form.
        expect(Object.is(Number(statement.params[2]), double)).toBe(true)
      }),
    )
  })

  it('jsonb values in a filter', () => {
    const json = fc.jsonValue().filter((v) => v !== null && !JSON.stringify(v).includes('\\u0000'))
    fc.assert(
      fc.property(json, (value) => {
        const statement = statementOf(db.books.findMany({ select: ['id'], where: { meta: { eq: value as never } } }), 'SELECT t0."id" FROM "books" AS t0 WHERE t0."meta" = $1', [])
        expect(JSON.parse(statement.params[0]!)).toEqual(JSON.parse(JSON.stringify(value)))
      }),
    )
  })

  it('text and numbers in an update', () => {
    fc.assert(
      fc.property(text({ minLength: 1 }), int4, int8, (title, change, id) => {
        const query = db.books.update({ where: { id }, set: { title, stock: { increment: change } } })
        const statement = statementOf(
          query,
          'UPDATE "books" AS t0 SET "title" = $1, "stock" = t0."stock" + $2::int4 WHERE t0."id" = $3 RETURNING ' +
            't0."id", t0."isbn", t0."title", t0."author_id", t0."price", t0."stock", t0."tags", t0."meta", t0."published_on", t0."cover", t0."created_at"',
          [title],
        )
        expect(statement.params).toEqual([title, String(change), String(id)])
      }),
    )
  })

  it('text and numbers in an insert', () => {
    const price = fc.tuple(fc.integer({ min: 0, max: 99999999 }), fc.integer({ min: 0, max: 99 })).map(([whole, cents]) => `${whole}.${String(cents).padStart(2, '0')}`)
    fc.assert(
      fc.property(text({ minLength: 1 }), text({ maxLength: 13 }), fc.integer({ min: 0, max: 2147483647 }), price, (title, isbn, authorId, price) => {
        const query = db.books.insert({ title, isbn, authorId, price })
        const statement = statementOf(
          query,
          'INSERT INTO "books" AS t0 ("isbn", "title", "author_id", "price") VALUES ($1, $2, $3, $4) RETURNING ' +
            't0."id", t0."isbn", t0."title", t0."author_id", t0."price", t0."stock", t0."tags", t0."meta", t0."published_on", t0."cover", t0."created_at"',
          [title, isbn],
        )
        expect(statement.params).toEqual([isbn, title, String(authorId), price])
      }),
    )
  })

  it('text in insertMany: one array parameter, whatever the rows', () => {
    fc.assert(
      fc.property(fc.array(text(), { minLength: 1, maxLength: 8 }), (names) => {
        const query = db.genres.insertMany(names.map((name) => ({ name })))
        const statement = statementOf(query, 'INSERT INTO "genres" AS t0 ("name") SELECT u.c1 FROM unnest($1::text[]) AS u(c1) RETURNING t0."id", t0."name"', names)
        expect(decodeArray(statement.params[0]!, decodeText)).toEqual(names)
      }),
    )
  })

  it('text and numbers in db.sql', () => {
    fc.assert(
      fc.property(text(), fc.oneof(int4, fc.double({ noNaN: true, noDefaultInfinity: true })), (value, number) => {
        const statement = statementOf(db.sql`select ${value} as a, ${number} as b`, 'select $1 as a, $2 as b', [value])
        expect(statement.params).toEqual([value, String(number)])
      }),
    )
  })
})
