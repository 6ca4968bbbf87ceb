/**
 * Reads: findById, findOne, findMany, count and exists, with their options (select,
 * orderBy, limit/offset, locks, primary). Filters have a file of their own.
 */
import { afterAll, describe, it } from 'vitest'
import { bookColumns, db, expectNothingSent, expectSql, hostile } from './support.js'

afterAll(expectNothingSent)

describe('findById', () => {
  it('selects every column by the primary key', () => {
    expectSql(db.books.findById(1n), { text: `SELECT ${bookColumns} FROM "books" AS t0 WHERE t0."id" = $1`, params: ['1'] })
  })

  it('gives the same statement with empty options', () => {
    expectSql(db.books.findById(1n, {}), { text: `SELECT ${bookColumns} FROM "books" AS t0 WHERE t0."id" = $1`, params: ['1'] })
  })

  it('encodes a uuid key as it is', () => {
    expectSql(db.customers.findById('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'), {
      text: 'SELECT t0."id", t0."email", t0."name", t0."loyalty_points", t0."region1_code", t0."joined_at" FROM "customers" AS t0 WHERE t0."id" = $1',
      params: ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
    })
  })

  it('matches every column of a composite key', () => {
    expectSql(db.editions.findById({ bookId: 1n, number: 2 }), {
      text: 'SELECT t0."book_id", t0."number", t0."printed_on", t0."copies" FROM "editions" AS t0 WHERE t0."book_id" = $1 AND t0."number" = $2',
      params: ['1', '2'],
    })
  })

  it('orders a composite key by declaration, whatever the order of its properties', () => {
    expectSql(db.editions.findById({ number: 2, bookId: 1n }, { select: ['printedOn'] }), {
      text: 'SELECT t0."printed_on" FROM "editions" AS t0 WHERE t0."book_id" = $1 AND t0."number" = $2',
      params: ['1', '2'],
    })
  })

  it('narrows to select, in declaration order', () => {
    expectSql(db.books.findById(1n, { select: ['title', 'id'] }), { text: 'SELECT t0."id", t0."title" FROM "books" AS t0 WHERE t0."id" = $1', params: ['1'] })
  })

  it('adds a relation from with', () => {
    expectSql(db.books.findById(1n, { with: { author: true } }), {
      text: [
        `SELECT ${bookColumns},`,
        '(SELECT json_build_array(t1."id", t1."name", t1."bio", t1."email", t1."status", t1."website", t1."created_at")',
        'FROM "authors" AS t1 WHERE t1."id" = t0."author_id") AS "author"',
        'FROM "books" AS t0 WHERE t0."id" = $1',
      ],
      params: ['1'],
    })
  })

  it('locks the row', () => {
    expectSql(db.books.findById(1n, { lock: 'forUpdate' }), { text: `SELECT ${bookColumns} FROM "books" AS t0 WHERE t0."id" = $1 FOR UPDATE`, params: ['1'] })
  })

  it('locks with SKIP LOCKED', () => {
    expectSql(db.books.findById(1n, { lock: 'forShare', skipLocked: true }), {
      text: `SELECT ${bookColumns} FROM "books" AS t0 WHERE t0."id" = $1 FOR SHARE SKIP LOCKED`,
      params: ['1'],
    })
  })

  it('locks with NOWAIT', () => {
    expectSql(db.books.findById(1n, { lock: 'forNoKeyUpdate', noWait: true }), {
      text: `SELECT ${bookColumns} FROM "books" AS t0 WHERE t0."id" = $1 FOR NO KEY UPDATE NOWAIT`,
      params: ['1'],
    })
  })

  it('sends the same statement with primary: true', () => {
    expectSql(db.books.findById(1n, { primary: true }), { text: `SELECT ${bookColumns} FROM "books" AS t0 WHERE t0."id" = $1`, params: ['1'] })
  })
})

describe('findOne and findOneOrThrow', () => {
  it('findOne limits to one row, as a parameter', () => {
    expectSql(db.books.findOne({ where: { isbn: '9780441013593' } }), {
      text: `SELECT ${bookColumns} FROM "books" AS t0 WHERE t0."isbn" = $1 LIMIT $2`,
      params: ['9780441013593', '1'],
    })
  })

  it('findOne without arguments', () => {
    expectSql(db.books.findOne(), { text: `SELECT ${bookColumns} FROM "books" AS t0 LIMIT $1`, params: ['1'] })
  })

  it('findOneOrThrow orders before the limit', () => {
    expectSql(db.books.findOneOrThrow({ where: { isbn: '9780441013593' }, orderBy: { id: 'desc' } }), {
      text: `SELECT ${bookColumns} FROM "books" AS t0 WHERE t0."isbn" = $1 ORDER BY t0."id" DESC LIMIT $2`,
      params: ['9780441013593', '1'],
    })
  })

  it('findOneOrThrow narrows to select and locks', () => {
    expectSql(db.books.findOneOrThrow({ where: { stock: 0 }, select: ['stock', 'id'], lock: 'forUpdate', skipLocked: true }), {
      text: 'SELECT t0."id", t0."stock" FROM "books" AS t0 WHERE t0."stock" = $1 LIMIT $2 FOR UPDATE SKIP LOCKED',
      params: ['0', '1'],
    })
  })
})

describe('findMany', () => {
  it('reads every row without arguments', () => {
    expectSql(db.books.findMany(), { text: `SELECT ${bookColumns} FROM "books" AS t0`, params: [] })
  })

  it('reads every row with empty arguments', () => {
    expectSql(db.books.findMany({}), { text: `SELECT ${bookColumns} FROM "books" AS t0`, params: [] })
  })

  it('reads every row with where: {}', () => {
    expectSql(db.books.findMany({ where: {} }), { text: `SELECT ${bookColumns} FROM "books" AS t0`, params: [] })
  })

  it('orders by one column given as an object', () => {
    expectSql(db.books.findMany({ orderBy: { title: 'asc' } }), { text: `SELECT ${bookColumns} FROM "books" AS t0 ORDER BY t0."title" ASC`, params: [] })
  })

  it('orders by several columns given as a list', () => {
    expectSql(db.books.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] }), {
      text: `SELECT ${bookColumns} FROM "books" AS t0 ORDER BY t0."created_at" DESC, t0."id" ASC`,
      params: [],
    })
  })

  it('orders by several columns of one object in property order', () => {
    expectSql(db.books.findMany({ orderBy: [{ createdAt: 'desc', id: 'asc' }] }), {
      text: `SELECT ${bookColumns} FROM "books" AS t0 ORDER BY t0."created_at" DESC, t0."id" ASC`,
      params: [],
    })
  })

  it('sends limit as a parameter', () => {
    expectSql(db.books.findMany({ limit: 10 }), { text: `SELECT ${bookColumns} FROM "books" AS t0 LIMIT $1`, params: ['10'] })
  })

  it('sends limit 0', () => {
    expectSql(db.books.findMany({ limit: 0 }), { text: `SELECT ${bookColumns} FROM "books" AS t0 LIMIT $1`, params: ['0'] })
  })

  it('sends offset as a parameter', () => {
    expectSql(db.books.findMany({ offset: 20 }), { text: `SELECT ${bookColumns} FROM "books" AS t0 OFFSET $1`, params: ['20'] })
  })

  it('sends limit and offset', () => {
    expectSql(db.books.findMany({ limit: 10, offset: 20 }), { text: `SELECT ${bookColumns} FROM "books" AS t0 LIMIT $1 OFFSET $2`, params: ['10', '20'] })
  })

  it('narrows to select, keeping declaration order', () => {
    expectSql(db.books.findMany({ select: ['title', 'id', 'price'] }), { text: 'SELECT t0."id", t0."title", t0."price" FROM "books" AS t0', params: [] })
  })

  it('locks FOR KEY SHARE', () => {
    expectSql(db.books.findMany({ lock: 'forKeyShare' }), { text: `SELECT ${bookColumns} FROM "books" AS t0 FOR KEY SHARE`, params: [] })
  })

  it('locks FOR UPDATE NOWAIT', () => {
    expectSql(db.books.findMany({ select: ['id'], lock: 'forUpdate', noWait: true }), { text: 'SELECT t0."id" FROM "books" AS t0 FOR UPDATE NOWAIT', params: [] })
  })

  it('puts where, order, paging and lock in that order', () => {
    expectSql(db.books.findMany({ where: { stock: 0 }, orderBy: { id: 'asc' }, limit: 5, offset: 2, lock: 'forUpdate', skipLocked: true }), {
      text: `SELECT ${bookColumns} FROM "books" AS t0 WHERE t0."stock" = $1 ORDER BY t0."id" ASC LIMIT $2 OFFSET $3 FOR UPDATE SKIP LOCKED`,
      params: ['0', '5', '2'],
    })
  })

  it('sends the same statement with primary: true', () => {
    expectSql(db.books.findMany({ primary: true }), { text: `SELECT ${bookColumns} FROM "books" AS t0`, params: [] })
  })

  it('is the statement of the README example', () => {
    expectSql(
      db.books.findMany({ where: { price: { lt: '10' }, tags: { has: 'sci-fi' } }, orderBy: [{ createdAt: 'desc' }], limit: 20, select: ['id', 'title'] }),
      {
        text: [
          'SELECT t0."id", t0."title" FROM "books" AS t0',
          'WHERE (t0."price" < $1) AND (t0."tags" @> $2::text[])',
          'ORDER BY t0."created_at" DESC LIMIT $3',
        ],
        params: ['10', '{sci-fi}', '20'],
      },
    )
  })
})

describe('count and exists', () => {
  it('counts every row', () => {
    expectSql(db.books.count(), { text: 'SELECT count(*) FROM "books" AS t0', params: [] })
  })

  it('counts the rows of a filter', () => {
    expectSql(db.books.count({ where: { authorId: 7 } }), { text: 'SELECT count(*) FROM "books" AS t0 WHERE t0."author_id" = $1', params: ['7'] })
  })

  it('counts with primary: true', () => {
    expectSql(db.books.count({ where: { authorId: 7 }, primary: true }), { text: 'SELECT count(*) FROM "books" AS t0 WHERE t0."author_id" = $1', params: ['7'] })
  })

  it('exists over every row', () => {
    expectSql(db.books.exists(), { text: 'SELECT EXISTS (SELECT 1 FROM "books" AS t0)', params: [] })
  })

  it('exists over the rows of a filter', () => {
    expectSql(db.books.exists({ where: { isbn: 'x' }, primary: true }), { text: 'SELECT EXISTS (SELECT 1 FROM "books" AS t0 WHERE t0."isbn" = $1)', params: ['x'] })
  })
})

describe('names that are reserved words or look like code', () => {
  it('quotes table and column names, and uses the SQL name of a renamed column', () => {
    expectSql(
      hostile.user.findMany({
        where: { select: 'a', from: 1, default: 'd', constructorName: 'c', protoKey: 'p' },
        orderBy: { from: 'desc' },
        select: ['select', 'protoKey'],
      }),
      {
        text: [
          'SELECT t0."select", t0."__proto__" FROM "user" AS t0',
          'WHERE (t0."select" = $1) AND (t0."from" = $2) AND (t0."default" = $3) AND (t0."constructor" = $4) AND (t0."__proto__" = $5)',
          'ORDER BY t0."from" DESC',
        ],
        params: ['a', '1', 'd', 'c', 'p'],
      },
    )
  })

  it('findById on a table named user', () => {
    expectSql(hostile.user.findById(1), {
      text: 'SELECT t0."id", t0."select", t0."from", t0."default", t0."class", t0."constructor", t0."__proto__", t0."values" FROM "user" AS t0 WHERE t0."id" = $1',
      params: ['1'],
    })
  })
})
