/**
 * `db.sql`: fragments, identifiers, raw text and values of every kind, always parameters;
 * and `db.batch`, whose queries show their statements one by one.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { sql, ValidationError } from 'dbridge'
import { bookColumns, db, expectNothingSent, expectSql, issuesOf, rel } from './support.js'

afterAll(expectNothingSent)

describe('db.sql', () => {
  it('text without values', () => {
    expectSql(db.sql`select 1`, { text: 'select 1', params: [] })
  })

  it('a script of several statements', () => {
    expectSql(db.sql`select 1; select 2`, { text: 'select 1; select 2', params: [] })
  })

  it('values become numbered parameters', () => {
    expectSql(db.sql`select * from books where id = ${1n} and title = ${'x'}`, { text: 'select * from books where id = $1 and title = $2', params: ['1', 'x'] })
  })

  it('numbers, booleans, null and strings', () => {
    expectSql(db.sql`select ${1}, ${1.5}, ${true}, ${false}, ${null}, ${'s'}`, { text: 'select $1, $2, $3, $4, $5, $6', params: ['1', '1.5', 't', 'f', null, 's'] })
  })

  it('a string that looks like SQL is a parameter', () => {
    expectSql(db.sql`select ${"'; drop table books; --"}`, { text: 'select $1', params: ["'; drop table books; --"] })
  })

  it('identifiers are quoted, qualified names joined with dots', () => {
    expectSql(db.sql`select * from ${sql.identifier('books')} where ${sql.identifier('books', 'id')} = ${1}`, {
      text: 'select * from "books" where "books"."id" = $1',
      params: ['1'],
    })
  })

  it('a double quote in an identifier is doubled', () => {
    expectSql(db.sql`select ${sql.identifier('we"ird')}`, { text: 'select "we""ird"', params: [] })
  })

  it('raw text is spliced as it is', () => {
    expectSql(db.sql`select * from books ${sql.raw('order by id desc')} limit ${5}`, { text: 'select * from books order by id desc limit $1', params: ['5'] })
  })

  it('fragments nest, and their values are numbered in order', () => {
    expectSql(db.sql`select * from books where ${sql`id = ${1} and stock > ${2}`} and title = ${'t'}`, {
      text: 'select * from books where id = $1 and stock > $2 and title = $3',
      params: ['1', '2', 't'],
    })
  })

  it('fragments nest several levels deep', () => {
    expectSql(db.sql`select ${sql`${sql`${7}`}`}`, { text: 'select $1', params: ['7'] })
  })

  it('join separates with a comma by default', () => {
    expectSql(db.sql`select ${sql.join([sql`${1}`, sql`${2}`, sql`${3}`])}`, { text: 'select $1, $2, $3', params: ['1', '2', '3'] })
  })

  it('join with a separator of its own', () => {
    expectSql(db.sql`select * from books where ${sql.join([sql`id = ${1}`, sql`title = ${'x'}`], sql` and `)}`, {
      text: 'select * from books where id = $1 and title = $2',
      params: ['1', 'x'],
    })
  })

  it('arrays are array literals; nested arrays are dimensions; null is NULL', () => {
    expectSql(db.sql`select ${[1, 2, 3]}::int[], ${['a', 'b c', null]}::text[], ${[[1, 2], [3, 4]]}::int[][], ${[]}::int[]`, {
      text: 'select $1::int[], $2::text[], $3::int[][], $4::int[]',
      params: ['{1,2,3}', '{a,"b c",NULL}', '{{1,2},{3,4}}', '{}'],
    })
  })

  it('Dates in ISO format, BC years written out', () => {
    expectSql(db.sql`select ${new Date('2024-01-02T03:04:05.678Z')}::timestamptz, ${new Date('-000001-01-01T00:00:00Z')}::timestamptz`, {
      text: 'select $1::timestamptz, $2::timestamptz',
      params: ['2024-01-02T03:04:05.678Z', '0002-01-01 00:00:00.000+00 BC'],
    })
  })

  it('a bigint past 2^53', () => {
    expectSql(db.sql`select ${9007199254740993n}::int8`, { text: 'select $1::int8', params: ['9007199254740993'] })
  })

  it('a Uint8Array in the bytea hex format', () => {
    expectSql(db.sql`select ${new Uint8Array([0, 1, 254, 255])}::bytea`, { text: 'select $1::bytea', params: ['\\x0001feff'] })
  })

  it('objects as JSON, arrays of objects as arrays of JSON', () => {
    expectSql(db.sql`select ${{ a: 1, b: [true, null], c: 'x' }}::jsonb, ${[{ a: 1 }]}::jsonb[]`, {
      text: 'select $1::jsonb, $2::jsonb[]',
      params: ['{"a":1,"b":[true,null],"c":"x"}', '{"{\\"a\\":1}"}'],
    })
  })

  it('undefined is refused: pass null for NULL', () => {
    expect(issuesOf(db.sql`select ${undefined}`)).toEqual([{ path: '$1', message: 'is undefined; pass null for NULL' }])
  })
})

describe('batch', () => {
  it('each query of a batch shows its own statements', () => {
    const queries = [db.books.count({ where: { authorId: 7 } }), db.books.findMany({ orderBy: [{ id: 'desc' }], limit: 5 }), db.authors.findById(7)] as const
    expectSql(queries[0], { text: 'SELECT count(*) FROM "books" AS t0 WHERE t0."author_id" = $1', params: ['7'] })
    expectSql(queries[1], { text: `SELECT ${bookColumns} FROM "books" AS t0 ORDER BY t0."id" DESC LIMIT $1`, params: ['5'] })
    expectSql(queries[2], {
      text: 'SELECT t0."id", t0."name", t0."bio", t0."email", t0."status", t0."website", t0."created_at" FROM "authors" AS t0 WHERE t0."id" = $1',
      params: ['7'],
    })
  })

  it('an empty batch sends nothing', async () => {
    expect(await db.batch([])).toEqual([])
  })

  it('refuses load and copyFrom before sending anything', async () => {
    const refused = db.batch([db.books.count(), rel.users.load([{ id: 1 }], { posts: true })])
    await expect(refused).rejects.toBeInstanceOf(ValidationError)
    await expect(refused).rejects.toMatchObject({
      issues: [{ path: '[1]', message: 'load and copy queries run several steps and cannot be batched; await them on their own' }],
    })
    await expect(db.batch([db.books.copyFrom([])])).rejects.toMatchObject({ issues: [{ path: '[0]' }] })
  })

  it('rejects with the ValidationError of a query given bad input', async () => {
    await expect(db.batch([db.books.count(), db.books.findMany({ limit: -1 })])).rejects.toMatchObject({
      issues: [{ path: 'limit', message: 'must be a non-negative integer, got a number' }],
    })
  })
})
