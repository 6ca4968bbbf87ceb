/**
 * Writes: insert, insertMany (one unnest per set of given columns), upsert, upsertMany,
 * update, delete, and what toSQL shows of COPY.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { NewBook } from '../../generated/index.js'
import { all, bookColumns, db, expectNothingSent, expectSql, hostile, rel, sampleColumns } from './support.js'

afterAll(expectNothingSent)

const returningBooks = `RETURNING ${bookColumns}`
const defaultsColumns =
  't0."id", t0."count", t0."big", t0."price", t0."ratio", t0."on", t0."label", t0."mood", t0."tags", t0."payload", t0."day", t0."at", t0."fixed_at", t0."bytes"'
const dune: NewBook = { isbn: '9780441013593', title: 'Dune', authorId: 1, price: '9.99' }

describe('insert', () => {
  it('every column, in declaration order, each value a parameter', () => {
    expectSql(
      db.books.insert({
        createdAt: new Date('2024-01-02T03:04:05.678Z'),
        id: 9n,
        isbn: '9780441013593',
        title: 'Dune',
        authorId: 1,
        price: '9.99',
        stock: 3,
        tags: ['sf', 'classic'],
        meta: { pages: 412, language: 'en' },
        publishedOn: '1965-08-01',
        cover: new Uint8Array([1, 2]),
      }),
      {
        text: [
          'INSERT INTO "books" AS t0 ("id", "isbn", "title", "author_id", "price", "stock", "tags", "meta", "published_on", "cover", "created_at")',
          `VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ${returningBooks}`,
        ],
        params: ['9', '9780441013593', 'Dune', '1', '9.99', '3', '{sf,classic}', '{"pages":412,"language":"en"}', '1965-08-01', '\\x0102', '2024-01-02T03:04:05.678Z'],
      },
    )
  })

  it('leaves out the columns not given, so their defaults apply', () => {
    expectSql(db.books.insert(dune), {
      text: `INSERT INTO "books" AS t0 ("isbn", "title", "author_id", "price") VALUES ($1, $2, $3, $4) ${returningBooks}`,
      params: ['9780441013593', 'Dune', '1', '9.99'],
    })
  })

  it('sends null for a column given as null, and leaves out one given as undefined', () => {
    expectSql(db.books.insert({ ...dune, meta: null, publishedOn: undefined }), {
      text: `INSERT INTO "books" AS t0 ("isbn", "title", "author_id", "price", "meta") VALUES ($1, $2, $3, $4, $5) ${returningBooks}`,
      params: ['9780441013593', 'Dune', '1', '9.99', null],
    })
  })

  it('each set of given columns keeps its own text, whatever order the sets come in (the text is made once per set)', () => {
    const few = `INSERT INTO "books" AS t0 ("isbn", "title", "author_id", "price") VALUES ($1, $2, $3, $4) ${returningBooks}`
    const more = `INSERT INTO "books" AS t0 ("isbn", "title", "author_id", "price", "stock") VALUES ($1, $2, $3, $4, $5) ${returningBooks}`
    for (let round = 0; round < 3; round++) {
      expectSql(db.books.insert(dune), { text: few, params: ['9780441013593', 'Dune', '1', '9.99'] })
      expectSql(db.books.insert({ ...dune, stock: round }), { text: more, params: ['9780441013593', 'Dune', '1', '9.99', String(round)] })
      // Keys given in another order: the same set, the same text and parameter order.
      expectSql(db.books.insert({ price: '1.00', authorId: 2, title: 'T', isbn: 'i' }), { text: few, params: ['i', 'T', '2', '1.00'] })
    }
  })

  it('a table wider than 31 columns builds its text per call, the same way', () => {
    const first = all.samples.insert({ small: 1 }).toSQL()[0]!
    const second = all.samples.insert({ int: 2, small: 3 }).toSQL()[0]!
    expect(first.text).toMatch(/^INSERT INTO "samples" AS t0 \("small"\) VALUES \(\$1\) RETURNING /)
    expect(second.text).toMatch(/^INSERT INTO "samples" AS t0 \("small", "int"\) VALUES \(\$1, \$2\) RETURNING /)
    expect(second.params).toEqual(['3', '2'])
  })

  it('DEFAULT VALUES when no column is given', () => {
    expectSql(all.defaults.insert({}), { text: `INSERT INTO "defaults" AS t0 DEFAULT VALUES RETURNING ${defaultsColumns}`, params: [] })
  })

  it('quotes reserved words, renamed columns and enum arrays', () => {
    expectSql(
      hostile.user.insert({ select: 's', default: 'd', class: "it's", values: ['say "hi"', 'back\\slash', 'new\nline'], constructorName: null, protoKey: '__proto__' }),
      {
        text: [
          'INSERT INTO "user" AS t0 ("select", "default", "class", "constructor", "__proto__", "values") VALUES ($1, $2, $3, $4, $5, $6)',
          'RETURNING t0."id", t0."select", t0."from", t0."default", t0."class", t0."constructor", t0."__proto__", t0."values"',
        ],
        params: ['s', 'd', "it's", null, '__proto__', '{"say \\"hi\\"","back\\\\slash","new\nline"}'],
      },
    )
  })
})

describe('insertMany', () => {
  it('rows giving the same columns: one INSERT ... SELECT FROM unnest, an array parameter per column', () => {
    expectSql(db.books.insertMany([dune, { isbn: '2', title: 'B', authorId: 2, price: '2.50' }]), {
      text: [
        'INSERT INTO "books" AS t0 ("isbn", "title", "author_id", "price") SELECT u.c1, u.c2, u.c3, u.c4',
        `FROM unnest($1::varchar[], $2::text[], $3::int4[], $4::numeric[]) AS u(c1, c2, c3, c4) ${returningBooks}`,
      ],
      params: ['{9780441013593,2}', '{Dune,B}', '{1,2}', '{9.99,2.50}'],
    })
  })

  it('rows giving different columns: one statement per set of columns, in the order first seen', () => {
    expectSql(
      db.books.insertMany([
        { isbn: '1', title: 'A', authorId: 1, price: '1.00' },
        { isbn: '2', title: 'B', authorId: 2, price: '2.50', stock: 4 },
        { isbn: '3', title: 'C', authorId: 1, price: '3.00' },
      ]),
      {
        text: [
          'INSERT INTO "books" AS t0 ("isbn", "title", "author_id", "price") SELECT u.c1, u.c2, u.c3, u.c4',
          `FROM unnest($1::varchar[], $2::text[], $3::int4[], $4::numeric[]) AS u(c1, c2, c3, c4) ${returningBooks}`,
        ],
        params: ['{1,3}', '{A,C}', '{1,1}', '{1.00,3.00}'],
      },
      {
        text: [
          'INSERT INTO "books" AS t0 ("isbn", "title", "author_id", "price", "stock") SELECT u.c1, u.c2, u.c3, u.c4, u.c5',
          `FROM unnest($1::varchar[], $2::text[], $3::int4[], $4::numeric[], $5::int4[]) AS u(c1, c2, c3, c4, c5) ${returningBooks}`,
        ],
        params: ['{2}', '{B}', '{2}', '{2.50}', '{4}'],
      },
    )
  })

  it('array columns travel as text[] of array literals and are cast back; jsonb and bytea with NULLs', () => {
    expectSql(
      db.books.insertMany([
        { ...dune, tags: ['a', 'b c'], meta: { pages: 1, language: 'en' }, cover: new Uint8Array([255]) },
        { ...dune, isbn: '2', tags: [], meta: null, cover: null },
      ]),
      {
        text: [
          'INSERT INTO "books" AS t0 ("isbn", "title", "author_id", "price", "tags", "meta", "cover") SELECT u.c1, u.c2, u.c3, u.c4, u.c5::text[], u.c6, u.c7',
          'FROM unnest($1::varchar[], $2::text[], $3::int4[], $4::numeric[], $5::text[], $6::jsonb[], $7::bytea[]) AS u(c1, c2, c3, c4, c5, c6, c7)',
          returningBooks,
        ],
        params: [
          '{9780441013593,2}',
          '{Dune,Dune}',
          '{1,1}',
          '{9.99,9.99}',
          '{"{a,\\"b c\\"}","{}"}',
          '{"{\\"pages\\":1,\\"language\\":\\"en\\"}",NULL}',
          '{"\\\\xff",NULL}',
        ],
      },
    )
  })

  it('arrays of arrays (a two-dimensional column) and text arrays with quotes and backslashes', () => {
    expectSql(
      all.samples.insertMany([
        { matrix: [[1, 2], [3, 4]], texts: ['a\\b', '{x}'] },
        { matrix: [], texts: null },
      ]),
      {
        text: [
          'INSERT INTO "samples" AS t0 ("texts", "matrix") SELECT u.c1::text[], u.c2::int4[][] FROM unnest($1::text[], $2::text[]) AS u(c1, c2)',
          `RETURNING ${sampleColumns}`,
        ],
        params: ['{"{\\"a\\\\\\\\b\\",\\"{x}\\"}",NULL}', '{"{{1,2},{3,4}}","{}"}'],
      },
    )
  })

  it('json, jsonb, bytea, enum and enum arrays', () => {
    expectSql(
      all.samples.insertMany([
        { doc: { a: 1, b: ['x'] }, docb: { name: 'q"', nested: { list: [1], flag: true } }, bytes: new Uint8Array([0, 1]), mood: 'so-so', moods: ['happy'] },
        { doc: null, docb: null, bytes: null, mood: null, moods: null },
      ]),
      {
        text: [
          'INSERT INTO "samples" AS t0 ("doc", "docb", "bytes", "mood", "moods") SELECT u.c1, u.c2, u.c3, u.c4, u.c5::"mood"[]',
          'FROM unnest($1::json[], $2::jsonb[], $3::bytea[], $4::"mood"[], $5::text[]) AS u(c1, c2, c3, c4, c5)',
          `RETURNING ${sampleColumns}`,
        ],
        params: [
          '{"{\\"a\\":1,\\"b\\":[\\"x\\"]}",NULL}',
          '{"{\\"name\\":\\"q\\\\\\"\\",\\"nested\\":{\\"list\\":[1],\\"flag\\":true}}",NULL}',
          '{"\\\\x0001",NULL}',
          '{so-so,NULL}',
          '{"{happy}",NULL}',
        ],
      },
    )
  })

  it('text values that need quoting in an array literal, and NULL', () => {
    expectSql(all.samples.insertMany([{ text: 'a' }, { text: null }, { text: 'NULL' }, { text: '"q",{x}' }]), {
      text: `INSERT INTO "samples" AS t0 ("text") SELECT u.c1 FROM unnest($1::text[]) AS u(c1) RETURNING ${sampleColumns}`,
      params: ['{a,NULL,"NULL","\\"q\\",{x}"}'],
    })
  })

  it('a table of more than 30 columns groups rows by the columns they give', () => {
    expectSql(
      all.samples.insertMany([{ matrix: [[1]] }, { text: 'a' }, { matrix: [[2]] }]),
      {
        text: `INSERT INTO "samples" AS t0 ("matrix") SELECT u.c1::int4[][] FROM unnest($1::text[]) AS u(c1) RETURNING ${sampleColumns}`,
        params: ['{"{{1}}","{{2}}"}'],
      },
      {
        text: `INSERT INTO "samples" AS t0 ("text") SELECT u.c1 FROM unnest($1::text[]) AS u(c1) RETURNING ${sampleColumns}`,
        params: ['{a}'],
      },
    )
  })

  it('rows that give no column: one row each from generate_series', () => {
    expectSql(all.defaults.insertMany([{}, {}, {}]), {
      text: `INSERT INTO "defaults" AS t0 SELECT FROM generate_series(1, $1::int4) RETURNING ${defaultsColumns}`,
      params: ['3'],
    })
  })

  it('returning: false leaves out RETURNING', () => {
    expectSql(db.books.insertMany([dune], { returning: false }), {
      text: 'INSERT INTO "books" AS t0 ("isbn", "title", "author_id", "price") SELECT u.c1, u.c2, u.c3, u.c4 FROM unnest($1::varchar[], $2::text[], $3::int4[], $4::numeric[]) AS u(c1, c2, c3, c4)',
      params: ['{9780441013593}', '{Dune}', '{1}', '{9.99}'],
    })
  })

  it('an empty list sends nothing', () => {
    expectSql(db.books.insertMany([]))
  })

  it('rows past the COPY threshold (returning: false) show the INSERT form, which batch would send', () => {
    // With a jsonb column given, COPY is used from 5,000 values: 1,000 rows of 5 columns.
    const rows = Array.from({ length: 1000 }, (_, i): NewBook => ({ isbn: `${i}`, title: `t${i}`, authorId: 1, price: '1.00', meta: null }))
    const list = (values: string[]) => `{${values.join(',')}}`
    expectSql(db.books.insertMany(rows, { returning: false }), {
      text: [
        'INSERT INTO "books" AS t0 ("isbn", "title", "author_id", "price", "meta") SELECT u.c1, u.c2, u.c3, u.c4, u.c5',
        'FROM unnest($1::varchar[], $2::text[], $3::int4[], $4::numeric[], $5::jsonb[]) AS u(c1, c2, c3, c4, c5)',
      ],
      params: [
        list(rows.map((r) => r.isbn)),
        list(rows.map((r) => r.title)),
        list(rows.map(() => '1')),
        list(rows.map(() => '1.00')),
        list(rows.map(() => 'NULL')),
      ],
    })
  })
})

describe('copyFrom', () => {
  it('toSQL shows no statement: the COPY is built while the rows are read', () => {
    expectSql(db.books.copyFrom([dune]))
  })
})

describe('upsert', () => {
  it('updates every given column but the conflict target by default', () => {
    expectSql(db.books.upsert(dune, { onConflict: ['isbn'] }), {
      text: [
        'INSERT INTO "books" AS t0 ("isbn", "title", "author_id", "price") VALUES ($1, $2, $3, $4)',
        'ON CONFLICT ("isbn") DO UPDATE SET "title" = EXCLUDED."title", "author_id" = EXCLUDED."author_id", "price" = EXCLUDED."price"',
        returningBooks,
      ],
      params: ['9780441013593', 'Dune', '1', '9.99'],
    })
  })

  it('updates the columns of the update list', () => {
    expectSql(db.books.upsert(dune, { onConflict: ['isbn'], update: ['title'] }), {
      text: [
        'INSERT INTO "books" AS t0 ("isbn", "title", "author_id", "price") VALUES ($1, $2, $3, $4)',
        `ON CONFLICT ("isbn") DO UPDATE SET "title" = EXCLUDED."title" ${returningBooks}`,
      ],
      params: ['9780441013593', 'Dune', '1', '9.99'],
    })
  })

  it('an empty update list assigns the target to itself, so the existing row is returned', () => {
    expectSql(db.books.upsert(dune, { onConflict: ['isbn'], update: [] }), {
      text: [
        'INSERT INTO "books" AS t0 ("isbn", "title", "author_id", "price") VALUES ($1, $2, $3, $4)',
        `ON CONFLICT ("isbn") DO UPDATE SET "isbn" = EXCLUDED."isbn" ${returningBooks}`,
      ],
      params: ['9780441013593', 'Dune', '1', '9.99'],
    })
  })

  it('a row that gives only the target', () => {
    expectSql(db.genres.upsert({ name: 'sf' }, { onConflict: ['name'] }), {
      text: 'INSERT INTO "genres" AS t0 ("name") VALUES ($1) ON CONFLICT ("name") DO UPDATE SET "name" = EXCLUDED."name" RETURNING t0."id", t0."name"',
      params: ['sf'],
    })
  })

  it('a composite target, in declaration order', () => {
    expectSql(db.editions.upsert({ bookId: 1n, number: 2, printedOn: '2020-01-01', copies: 5 }, { onConflict: ['number', 'bookId'] }), {
      text: [
        'INSERT INTO "editions" AS t0 ("book_id", "number", "printed_on", "copies") VALUES ($1, $2, $3, $4)',
        'ON CONFLICT ("book_id", "number") DO UPDATE SET "printed_on" = EXCLUDED."printed_on", "copies" = EXCLUDED."copies"',
        'RETURNING t0."book_id", t0."number", t0."printed_on", t0."copies"',
      ],
      params: ['1', '2', '2020-01-01', '5'],
    })
  })
})

describe('upsertMany', () => {
  it('one unnest with the conflict clause', () => {
    expectSql(db.books.upsertMany([dune, { isbn: '2', title: 'B', authorId: 2, price: '2.00' }], { onConflict: ['isbn'] }), {
      text: [
        'INSERT INTO "books" AS t0 ("isbn", "title", "author_id", "price") SELECT u.c1, u.c2, u.c3, u.c4',
        'FROM unnest($1::varchar[], $2::text[], $3::int4[], $4::numeric[]) AS u(c1, c2, c3, c4)',
        'ON CONFLICT ("isbn") DO UPDATE SET "title" = EXCLUDED."title", "author_id" = EXCLUDED."author_id", "price" = EXCLUDED."price"',
        returningBooks,
      ],
      params: ['{9780441013593,2}', '{Dune,B}', '{1,2}', '{9.99,2.00}'],
    })
  })

  it('several sets of columns, each with the update list', () => {
    expectSql(
      db.books.upsertMany([dune, { isbn: '2', title: 'B', authorId: 2, price: '2.00', stock: 1 }], { onConflict: ['isbn'], update: ['price'] }),
      {
        text: [
          'INSERT INTO "books" AS t0 ("isbn", "title", "author_id", "price") SELECT u.c1, u.c2, u.c3, u.c4',
          'FROM unnest($1::varchar[], $2::text[], $3::int4[], $4::numeric[]) AS u(c1, c2, c3, c4)',
          `ON CONFLICT ("isbn") DO UPDATE SET "price" = EXCLUDED."price" ${returningBooks}`,
        ],
        params: ['{9780441013593}', '{Dune}', '{1}', '{9.99}'],
      },
      {
        text: [
          'INSERT INTO "books" AS t0 ("isbn", "title", "author_id", "price", "stock") SELECT u.c1, u.c2, u.c3, u.c4, u.c5',
          'FROM unnest($1::varchar[], $2::text[], $3::int4[], $4::numeric[], $5::int4[]) AS u(c1, c2, c3, c4, c5)',
          `ON CONFLICT ("isbn") DO UPDATE SET "price" = EXCLUDED."price" ${returningBooks}`,
        ],
        params: ['{2}', '{B}', '{2}', '{2.00}', '{1}'],
      },
    )
  })

  it('rows that give no column', () => {
    expectSql(all.defaults.upsertMany([{}], { onConflict: ['id'] }), {
      text: [
        'INSERT INTO "defaults" AS t0 SELECT FROM generate_series(1, $1::int4)',
        `ON CONFLICT ("id") DO UPDATE SET "id" = EXCLUDED."id" RETURNING ${defaultsColumns}`,
      ],
      params: ['1'],
    })
  })
})

describe('update', () => {
  it('sets a column where the filter matches and returns the rows', () => {
    expectSql(db.books.update({ where: { id: 1n }, set: { title: 'New' } }), {
      text: `UPDATE "books" AS t0 SET "title" = $1 WHERE t0."id" = $2 ${returningBooks}`,
      params: ['New', '1'],
    })
  })

  it('sets columns in declaration order; null clears a column', () => {
    expectSql(db.books.update({ where: { id: 1n }, set: { price: '2.00', title: 'New', meta: null } }), {
      text: `UPDATE "books" AS t0 SET "title" = $1, "price" = $2, "meta" = $3 WHERE t0."id" = $4 ${returningBooks}`,
      params: ['New', '2.00', null, '1'],
    })
  })

  it('increment adds in SQL, cast to the column type', () => {
    expectSql(db.books.update({ where: { id: 1n }, set: { stock: { increment: 1 } } }), {
      text: `UPDATE "books" AS t0 SET "stock" = t0."stock" + $1::int4 WHERE t0."id" = $2 ${returningBooks}`,
      params: ['1', '1'],
    })
  })

  it('plain values first, then decrement and increment', () => {
    expectSql(db.books.update({ where: { id: 1n }, set: { stock: { decrement: 2 }, price: { increment: '0.50' }, title: 'T' } }), {
      text: `UPDATE "books" AS t0 SET "title" = $1, "stock" = t0."stock" - $2::int4, "price" = t0."price" + $3::numeric WHERE t0."id" = $4 ${returningBooks}`,
      params: ['T', '2', '0.50', '1'],
    })
  })

  it('increments a bigint', () => {
    expectSql(db.customers.update({ where: { email: 'a@b.c' }, set: { loyaltyPoints: { increment: 10n } } }), {
      text: [
        'UPDATE "customers" AS t0 SET "loyalty_points" = t0."loyalty_points" + $1::int8 WHERE t0."email" = $2',
        'RETURNING t0."id", t0."email", t0."name", t0."loyalty_points", t0."region1_code", t0."joined_at"',
      ],
      params: ['10', 'a@b.c'],
    })
  })

  it('sets json, jsonb and two-dimensional arrays, and increments a float', () => {
    expectSql(all.samples.update({ where: { id: 1n }, set: { matrix: [[1]], double: { increment: 0.5 }, docb: null, doc: { a: 1, b: [] } } }), {
      text: `UPDATE "samples" AS t0 SET "doc" = $1, "docb" = $2, "matrix" = $3, "double" = t0."double" + $4::float8 WHERE t0."id" = $5 RETURNING ${sampleColumns}`,
      params: ['{"a":1,"b":[]}', null, '{{1}}', '0.5', '1'],
    })
  })

  it('sets an array filtered by an array operator', () => {
    expectSql(db.books.update({ where: { tags: { has: 'a' } }, set: { tags: ['b'] } }), {
      text: `UPDATE "books" AS t0 SET "tags" = $1 WHERE t0."tags" @> $2::text[] ${returningBooks}`,
      params: ['{b}', '{a}'],
    })
  })

  it('returning: false leaves out RETURNING', () => {
    expectSql(db.books.update({ where: { id: 1n }, set: { title: 'x' }, returning: false }), {
      text: 'UPDATE "books" AS t0 SET "title" = $1 WHERE t0."id" = $2',
      params: ['x', '1'],
    })
  })

  it('all: true updates every row, without WHERE', () => {
    expectSql(db.books.update({ all: true, set: { stock: 0 } }), {
      text: `UPDATE "books" AS t0 SET "stock" = $1 ${returningBooks}`,
      params: ['0'],
    })
  })

  it('OR: [] matches no row', () => {
    expectSql(db.books.update({ where: { OR: [] }, set: { stock: 0 } }), {
      text: `UPDATE "books" AS t0 SET "stock" = $1 WHERE FALSE ${returningBooks}`,
      params: ['0'],
    })
  })

  it('narrows with a relation filter', () => {
    expectSql(rel.users.update({ where: { company: { is: null } }, set: { role: 'admin' } }), {
      text: [
        'UPDATE "users" AS t0 SET "role" = $1 WHERE NOT EXISTS (SELECT 1 FROM "companies" AS t1 WHERE t1."id" = t0."company_id")',
        'RETURNING t0."id", t0."name", t0."email", t0."role", t0."company_id", t0."avatar"',
      ],
      params: ['admin'],
    })
  })

  it('quotes reserved words', () => {
    expectSql(hostile.user.update({ where: { from: { gt: 1 } }, set: { from: { increment: 1 }, select: 'x' } }), {
      text: [
        'UPDATE "user" AS t0 SET "select" = $1, "from" = t0."from" + $2::int4 WHERE t0."from" > $3',
        'RETURNING t0."id", t0."select", t0."from", t0."default", t0."class", t0."constructor", t0."__proto__", t0."values"',
      ],
      params: ['x', '1', '1'],
    })
  })
})

describe('delete', () => {
  it('deletes where the filter matches', () => {
    expectSql(db.books.delete({ where: { id: 1n } }), { text: 'DELETE FROM "books" AS t0 WHERE t0."id" = $1', params: ['1'] })
  })

  it('deletes a list of keys', () => {
    expectSql(db.books.delete({ where: { id: { in: [1n, 2n] } } }), { text: 'DELETE FROM "books" AS t0 WHERE t0."id" = ANY($1::int8[])', params: ['{1,2}'] })
  })

  it('all: true deletes every row, without WHERE', () => {
    expectSql(db.books.delete({ all: true }), { text: 'DELETE FROM "books" AS t0', params: [] })
  })

  it('OR: [] matches no row', () => {
    expectSql(db.books.delete({ where: { OR: [] } }), { text: 'DELETE FROM "books" AS t0 WHERE FALSE', params: [] })
  })

  it('narrows with a relation filter', () => {
    expectSql(rel.users.delete({ where: { posts: { none: {} } } }), {
      text: 'DELETE FROM "users" AS t0 WHERE NOT EXISTS (SELECT 1 FROM "posts" AS t1 WHERE t1."author_id" = t0."id")',
      params: [],
    })
  })
})
