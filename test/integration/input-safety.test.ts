/**
 * Input safety against a real PostgreSQL (the example schema): mass writes need a filter
 * that narrows or `all: true`; only own properties of plain objects are read, whatever was
 * added to Object.prototype; every error is a DbError (no TypeError, RangeError or driver
 * error escapes); ValidationError messages never show the rejected value; a query is a
 * Promise for the type checker and for node:assert.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createDb, newAuthorSchema, type Book, type Db } from '../../generated/index.js'
import { ConfigError, ConnectionError, DbError, ValidationError, createDb as createRawDb, sql, type QueryEvent } from '../../runtime/index.js'
import { startEmbeddedPostgres } from '../../generator/dev/embedded.js'
import { createTestDatabase, databaseUrl, readSchemaSql, type TestDatabase } from '../support/database.js'

let database: TestDatabase
let db: Db
const events: QueryEvent[] = []

beforeAll(async () => {
  database = await createTestDatabase(readSchemaSql('../../generated/schema.sql'))
  db = createDb({ url: database.url, max: 3, onQuery: (event) => events.push(event) })
})
afterAll(async () => {
  await db?.close()
  await database?.drop()
})

let authorId: number
beforeEach(async () => {
  await db.sql`TRUNCATE authors, books, genres, customers RESTART IDENTITY CASCADE`
  const author = await db.authors.insert({ name: 'Le Guin', email: 'ursula@example.com' })
  authorId = author.id
  await db.authors.insert({ name: 'Herbert', email: 'frank@example.com' })
  await db.books.insertMany([
    { isbn: '1', title: 'The Dispossessed', authorId, price: '15.99', tags: ['sf'] },
    { isbn: '2', title: 'Earthsea', authorId, price: '8.00', tags: [] },
  ])
  events.length = 0
})

/** What a query or call rejects or throws with (undefined when it succeeds). */
async function failure(run: () => unknown): Promise<unknown> {
  try {
    await run()
    return undefined
  } catch (error) {
    return error
  }
}

async function validationError(run: () => unknown): Promise<ValidationError> {
  const error = await failure(run)
  expect(error).toBeInstanceOf(ValidationError)
  return error as ValidationError
}

describe('mass writes need a filter that narrows, or all: true', () => {
  const emptyFilters: [string, object][] = [
    ['{}', {}],
    ['{ NOT: {} }', { NOT: {} }],
    ['{ AND: [{}] }', { AND: [{}] }],
    ['{ AND: {} }', { AND: {} }],
    ['{ OR: [{}] }', { OR: [{}] }],
    ['{ NOT: { AND: [{ NOT: {} }] }, AND: [{ AND: [{}] }] }', { NOT: { AND: [{ NOT: {} }] }, AND: [{ AND: [{}] }] }],
    ['{ NOT: { OR: [] } } (no row, negated)', { NOT: { OR: [] } }],
    ['{ name: { notIn: [] } }', { name: { notIn: [] } }],
    ['{ name: { isNull: false } } on a NOT NULL column', { name: { isNull: false } }],
    ['{ name: { ne: null } } on a NOT NULL column', { name: { ne: null } }],
    ['{ OR: [{ id: 1 }, {}] }', { OR: [{ id: 1 }, {}] }],
  ]
  for (const [shown, where] of emptyFilters) {
    it(`update and delete refuse where: ${shown}, and write nothing`, async () => {
      const deleting = await validationError(() => db.authors.delete({ where: where as never }))
      expect(deleting.message).toMatch(/where: narrows nothing \(it has no condition, or one every row meets\); to delete every row, say so: delete\(\{ all: true \}\)/)
      const updating = await validationError(() => db.authors.update({ where: where as never, set: { bio: 'x' } }))
      expect(updating.message).toContain('to update every row, say so: update({ all: true, set })')
      expect(events).toHaveLength(0)
      expect(await db.authors.count({ where: { bio: null } })).toBe(2)
    })
  }

  it('AND: [] and NOT: [] are refused everywhere, reads too; OR: [] matches nothing', async () => {
    for (const where of [{ AND: [] }, { NOT: [] }, { OR: [{ NOT: [] }] }]) {
      const error = await validationError(() => db.authors.findMany({ where }))
      expect(error.message).toMatch(/: is an empty list; (AND|NOT) of no filter is refused/)
      await validationError(() => db.authors.delete({ where }))
    }
    expect(await db.authors.findMany({ where: { OR: [] } })).toEqual([])
    // An OR of nothing narrows to no row: a delete of it deletes nothing, and is allowed.
    expect(await db.authors.delete({ where: { OR: [] } })).toBe(0)
    expect(await db.authors.count()).toBe(2)
  })

  it('reads accept where: {}', async () => {
    expect(await db.authors.count({ where: {} })).toBe(2)
    expect(await db.authors.findMany({ where: { AND: [{}] } })).toHaveLength(2)
  })

  it('all must be exactly true, and cannot come with where', async () => {
    for (const all of [false, 1, 'true', null]) {
      const error = await validationError(() => db.authors.delete({ all } as never))
      expect(error.issues).toEqual([{ path: 'all', message: expect.stringMatching(/^expected true \(to delete every row\), got /) }])
    }
    const both = await validationError(() => db.authors.delete({ all: true, where: { id: authorId } } as never))
    expect(both.issues[0]).toEqual({ path: 'all', message: 'cannot be combined with where; give where to narrow, or all: true alone for every row' })
    await validationError(() => db.authors.update({ set: { bio: 'x' } } as never))
    expect(events).toHaveLength(0)
    expect(await db.books.delete({ all: true })).toBe(2)
    expect(await db.authors.update({ all: true, set: { bio: 'all' }, returning: false })).toBe(2)
    expect(await db.authors.count({ where: { bio: 'all' } })).toBe(2)
  })

  it('a filter that narrows on a column or a relation is a write like any other', async () => {
    expect(await db.authors.update({ where: { books: { some: {} } }, set: { bio: 'has books' }, returning: false })).toBe(1)
    expect(await db.authors.delete({ where: { NOT: { books: { some: {} } } } })).toBe(1)
    expect((await db.authors.findMany()).map((a) => a.bio)).toEqual(['has books'])
  })
})

describe('a filter built from a request body is a query', () => {
  // What a handler does with `delete({ where: { name: req.body.name } })`.
  const fromBody = (json: string) => ({ name: (JSON.parse(json) as { name: unknown }).name })

  it('an operator object where a value was meant is read as operators: ne deletes every other row', async () => {
    const where = fromBody('{ "name": { "ne": "nobody" } }')
    expect(await db.authors.count({ where: where as never })).toBe(2)
  })

  it('bodies that would touch every row are refused for writes', async () => {
    for (const json of ['{ "name": { "notIn": [] } }', '{ "name": { "isNull": false } }', '{ "name": {} }']) {
      await validationError(() => db.authors.delete({ where: fromBody(json) as never }))
    }
    expect(await db.authors.count()).toBe(2)
  })

  it('the generated zod schemas (or a narrow pick of them) keep a body to values', () => {
    const byName = newAuthorSchema.pick({ name: true })
    expect(byName.safeParse(JSON.parse('{ "name": { "ne": "nobody" } }')).success).toBe(false)
    expect(byName.safeParse(JSON.parse('{ "name": "Le Guin" }'))).toEqual({ success: true, data: { name: 'Le Guin' } })
    // A hand-written schema of what the endpoint takes works the same way.
    expect(z.strictObject({ name: z.string() }).safeParse({ name: { notIn: [] } }).success).toBe(false)
  })
})

/**
 * Runs `fn` with properties added to Object.prototype (as a polluting dependency would),
 * removing them afterwards whatever happens. Assertions run outside, on what `fn` returned.
 */
async function withPollutedPrototype<T>(properties: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
  const proto = Object.prototype as Record<string, unknown>
  for (const [key, value] of Object.entries(properties)) proto[key] = value
  try {
    return await fn()
  } finally {
    for (const key of Object.keys(properties)) delete proto[key]
  }
}

describe('only own properties of plain objects are read (Object.prototype polluted)', () => {
  it('insert and insertMany do not take a missing column from the prototype', async () => {
    const [inserted, missing, many] = await withPollutedPrototype({ stock: 99, title: 'from the prototype' }, async () => [
      await db.books.insert({ isbn: '3', title: 'Own title', authorId, price: '1.00' }),
      await failure(() => db.books.insert({ isbn: '4', authorId, price: '1.00' } as never)),
      await failure(() => db.books.insertMany([{ isbn: '5', authorId, price: '1.00' } as never])),
    ])
    expect(inserted).toMatchObject({ title: 'Own title', stock: 0 })
    for (const error of [missing, many]) {
      expect(error).toBeInstanceOf(ValidationError)
      expect((error as ValidationError).issues).toEqual([{ path: expect.stringMatching(/^(\[0\]\.)?title$/), message: 'is required: expected a string' }])
    }
    expect(await db.books.count({ where: { title: 'from the prototype' } })).toBe(0)
  })

  it('upsert, update and findMany options are not taken from the prototype', async () => {
    const results = await withPollutedPrototype(
      { update: ['price'], stock: 50, where: { id: -1 }, limit: 0, select: ['id'], all: true, lock: 'forUpdate', with: { author: true }, orderBy: { isbn: 'desc' } },
      async () => ({
        upserted: await db.books.upsert({ isbn: '1', title: 'Renamed', authorId, price: '15.99' }, { onConflict: ['isbn'] }),
        updated: await db.books.update({ where: { isbn: '2' }, set: { price: '9.00' } }),
        found: await db.books.findMany({ orderBy: [{ isbn: 'asc' }] }),
        counted: await db.books.count({}),
        refused: await failure(() => db.books.delete({} as never)),
      }),
    )
    // `update` defaults to every given column but the target: title too, not just the prototype's price.
    expect(results.upserted.title).toBe('Renamed')
    expect(results.updated).toHaveLength(1)
    expect(results.updated[0]).toMatchObject({ price: '9.00', stock: 0 })
    expect(results.found.map((b) => b.isbn)).toEqual(['1', '2'])
    expect(Object.keys(results.found[0]!)).toContain('title')
    expect(Object.keys(results.found[0]!)).not.toContain('author')
    expect(results.counted).toBe(2)
    expect(results.refused).toBeInstanceOf(ValidationError)
    expect(await db.books.count()).toBe(2)
  })

  it('where, set and nested filters ignore the prototype; jsonb ignores a prototype toJSON', async () => {
    const results = await withPollutedPrototype({ OR: [], title: 'x', increment: 5, toJSON: () => 'hijacked' }, async () => ({
      found: await db.books.findMany({ where: { price: { gt: '1' } } }),
      changed: await db.books.update({ where: { isbn: '1' }, set: { stock: { increment: 1 }, meta: { pages: 10, language: 'en' } } }),
    }))
    expect(results.found).toHaveLength(2)
    expect(results.changed[0]).toMatchObject({ stock: 1, meta: { pages: 10, language: 'en' }, title: 'The Dispossessed' })
  })

  it('createDb options and transaction options are not taken from the prototype', async () => {
    const isolation = await withPollutedPrototype({ url: 'postgres://elsewhere.invalid/db', isolation: 'bogus', retries: 5 }, async () => {
      const own = createDb({ url: database.url, max: 1 })
      try {
        return await own.transaction(async (tx) => (await tx.sql<{ level: string }>`select current_setting('transaction_isolation') as level`)[0]!.level)
      } finally {
        await own.close()
      }
    })
    expect(isolation).toBe('read committed')
  })

  it('objects without a prototype are plain; an own __proto__ key (JSON.parse makes one) is a key like any other', async () => {
    const filter = Object.assign(Object.create(null) as object, { isbn: '1' })
    expect((await db.books.findMany({ where: filter })).map((b) => b.isbn)).toEqual(['1'])
    const row = JSON.parse(`{ "isbn": "6", "title": "t", "authorId": ${authorId}, "price": "1", "__proto__": { "stock": 5 } }`) as object
    const error = await validationError(() => db.books.insert(row as never))
    expect(error.issues).toEqual([{ path: '__proto__', message: expect.stringMatching(/^unknown column of books/) }])
    const where = JSON.parse('{ "__proto__": { "isbn": "1" } }') as object
    expect((await validationError(() => db.books.findMany({ where }))).issues).toEqual([{ path: 'where.__proto__', message: expect.stringMatching(/^unknown column of books/) }])
  })

  it('anything but a plain object where a filter, row or option is expected is a ValidationError', async () => {
    class Row {
      isbn = '9'
      title = 't'
      authorId = authorId
      price = '1'
    }
    const inheriting = Object.create({ title: 'inherited' }) as object
    const cases: [() => unknown, RegExp][] = [
      [() => db.books.insert(new Row() as never), /row: expected a plain object, got an instance of Row/],
      [() => db.books.insert(inheriting as never), /row: expected a plain object, got an object that inherits from another object/],
      [() => db.books.findMany({ where: new Map() as never }), /where: expected a filter object, got an instance of Map/],
      [() => db.books.findMany(new Date() as never), /options: expected a plain object of options, got a Date/],
      [() => db.books.update({ where: { id: 1n }, set: inheriting as never }), /set: expected an object of new values, got an object that inherits/],
      [() => db.books.findMany({ where: { OR: [new Row()] } as never }), /where\.OR\[0\]: expected a filter object, got an instance of Row/],
      [() => db.books.findMany({ orderBy: [new Row()] } as never), /orderBy\[0\]: expected an object like \{ column: 'asc' \}, got an instance of Row/],
      [() => db.transaction(async () => 1, new Row() as never), /options: expected a plain object, got an instance of Row/],
      [() => db.scoped(new Row() as never, async () => 1), /scope: expected \{ role\?, settings\? \}/],
    ]
    for (const [run, message] of cases) expect((await validationError(run)).message).toMatch(message)
    expect(() => createDb(new Row() as never)).toThrow(ConfigError)
  })
})

describe('every error is a DbError', () => {
  const cycle: Record<string, unknown> = { pages: 1 }
  cycle.self = cycle

  const cases: [string, () => unknown, RegExp][] = [
    ['a bigint in a jsonb filter', () => db.books.findMany({ where: { meta: { contains: { pages: 1n } } } }), /where\.meta\.contains: expected a JSON value/],
    ['a cycle in a jsonb filter', () => db.books.findMany({ where: { meta: { eq: cycle as never } } }), /where\.meta\.eq: expected a JSON value at most 512 levels deep \(or this one refers to itself\)/],
    ['a bigint in a jsonb value', () => db.books.update({ where: { isbn: '1' }, set: { meta: { pages: 1n } as never } }), /set\.meta: expected a JSON value/],
    ['a bigint in a db.sql object', () => db.sql`select ${{ n: 1n }}::jsonb`, /\$1: expected a JSON value/],
    ['a cycle in a db.sql object', () => db.sql`select ${cycle}::jsonb`, /\$1: expected a JSON value at most 512 levels deep/],
    ['an invalid Date', () => db.books.findMany({ where: { createdAt: new Date(Number.NaN) } }), /where\.createdAt: expected a valid Date, got an invalid Date/],
    ['an invalid Date in a row', () => db.books.insert({ isbn: '7', title: 't', authorId, price: '1', createdAt: new Date(Number.NaN) }), /createdAt: expected a Date, got an invalid Date/],
    ['a Date before timestamps begin', () => db.books.findMany({ where: { createdAt: { gt: new Date(-8e15) } } }), /where\.createdAt\.gt: expected a Date from 4714-11-24 BC on/],
    ['a day that does not exist', () => db.books.findMany({ where: { publishedOn: '2023-02-29' } }), /where\.publishedOn: expected a date string 'YYYY-MM-DD' of a day that exists/],
    ['a numeric beyond numeric', () => db.books.findMany({ where: { price: { lt: '1e200000' } } }), /where\.price\.lt: expected a number numeric can hold/],
    ['a LIKE pattern ending in its escape', () => db.books.findMany({ where: { title: { like: 'a\\' } } }), /where\.title\.like: a LIKE pattern cannot end with the escape character/],
    ['a symbol', () => db.books.findMany({ where: { title: Symbol('x') as never } }), /where\.title: expected a string, got a symbol/],
    ['a symbol in a row', () => db.authors.insert({ name: Symbol('x') as never, email: 'a@b.co' }), /name: expected a string, got a symbol/],
    ['a symbol in db.sql', () => db.sql`select ${Symbol('x')}`, /\$1: cannot send a symbol as a parameter/],
    ['a function', () => db.books.findMany({ where: { title: (() => 'x') as never } }), /where\.title: expected a string, got a function/],
    ['a getter that throws on the options', () => db.books.findMany({ get where(): never { throw new Error('boom') } }), /options: could not be read: reading one of its properties threw/],
    ['a getter that throws on a row', () => db.books.insert({ isbn: '8', title: 't', authorId, get price(): string { throw new Error('boom') } }), /row: could not be read/],
    ['a getter that throws deep in a filter', () => db.books.findMany({ where: { OR: [{ title: { get eq(): string { throw new Error('boom') } } }] } }), /where\.OR\[0\]\.title: could not be read/],
    ['a proxy whose traps throw', () => db.books.findMany({ where: new Proxy({}, { ownKeys: () => { throw new Error('boom') } }) }), /where: could not be read/],
    ['a hole in a list', () => db.books.findMany({ where: { id: { in: [1n, , 2n] as never } } }), /where\.id\.in\[1\]: is a hole in the array/],
    ['NUL in a db.sql text parameter', () => db.sql`select ${'a\0b'}::text`, /\$1: text cannot contain the NUL character/],
    ['NUL in an identifier', () => db.sql`select 1 as ${sql.identifier('a\0b')}`, /sql\.identifier: invalid input:\n {2}- \[0\]: expected a non-empty name without NUL/],
    ['a transaction without a function', () => db.transaction('select 1' as never), /transaction: invalid input:\n {2}- fn: expected a function, got a string/],
    ['a ragged multidimensional array', () => db.sql`select ${[[1], [2, 3]]}::int[]`, /\$1: expected a rectangular 2-dimensional array; its sub-arrays differ in length/],
    ['arrays mixed with values', () => db.sql`select ${[[1], 2]}::int[]`, /\$1: expected a 2-dimensional array; a sub-array is a number/],
  ]
  for (const [name, run, message] of cases) {
    it(`${name}: a ValidationError, nothing sent`, async () => {
      const error = await validationError(run)
      expect(error.message).toMatch(message)
      expect(events).toHaveLength(0)
    })
  }

  it('load checks the keys of the rows it is given before sending', async () => {
    const error = await validationError(() => db.books.load([{ authorId }, { authorId: 'seven' }], { author: true }))
    expect(error.issues).toEqual([{ path: 'rows[1].authorId', message: 'expected an integer, got a string' }])
    expect(events).toHaveLength(0)
    expect((await db.books.load([{ authorId }], { author: true }))[0]!.author.name).toBe('Le Guin')
  })

  it('100,000 OR entries: a ValidationError before sending, saying to use in', async () => {
    const or = Array.from({ length: 100_000 }, (_, i) => ({ id: BigInt(i) }))
    const error = await validationError(() => db.books.findMany({ where: { OR: or } }))
    expect(error.message).toMatch(/the statement would have 100000 parameters; at most 65533 can be sent\. Send a list as one parameter instead: \{ id: \{ in: \[\.\.\.\] \} \}/)
    expect(events).toHaveLength(0)
    // The same list as one array parameter works.
    expect(await db.books.count({ where: { id: { in: or.map((o) => o.id) } } })).toBe(2)
  })

  it('the parameter limit is where the driver puts it: 65,533 are sent, 65,534 are a ValidationError', async () => {
    const list = (n: number) => sql.join(Array.from({ length: n }, (_, i) => sql`${i}`))
    expect(await db.sql`select count(*)::int as n from (values (1)) v(x) where x in (${list(65_533)})`).toEqual([{ n: 1 }])
    const error = await validationError(() => db.sql`select 1 where 1 in (${list(65_534)})`)
    expect(error.message).toMatch(/^db.sql: invalid input:\n {2}- the statement would have 65534 parameters; at most 65533 can be sent/)
  })

  it('filters, relation filters and with nested 10,000 deep: a ValidationError naming the limit', async () => {
    let not: object = { title: 'x' }
    let and: object = { title: 'x' }
    let or: object = { title: 'x' }
    // Alternately a filter (and a with) of authors and of books, innermost first; the outermost is of books.
    let relation: object = { name: 'x' }
    let withs: object = { author: true }
    for (let i = 0; i < 10_000; i++) {
      not = { NOT: not }
      and = { AND: [and] }
      or = { OR: [or] }
      relation = i % 2 === 0 ? { author: { is: relation } } : { books: { some: relation } }
      withs = i % 2 === 0 ? { books: { with: withs } } : { author: { with: withs } }
    }
    for (const where of [not, and, or]) expect((await validationError(() => db.books.findMany({ where }))).message).toMatch(/is nested more than 64 filters deep/)
    expect((await validationError(() => db.authors.findMany({ where: relation as never }))).message).toMatch(/is nested more than 64 filters deep/)
    expect((await validationError(() => db.books.findMany({ with: withs as never }))).message).toMatch(/is nested more than 64 relations deep/)
    expect((await validationError(() => db.authors.delete({ where: not as never }))).message).toMatch(/is nested more than 64 filters deep/)
    expect(events).toHaveLength(0)
    // 64 levels are fine.
    let fine: object = { title: 'The Dispossessed' }
    for (let i = 0; i < 32; i++) fine = { NOT: { NOT: fine } }
    expect(await db.books.count({ where: fine })).toBe(1)
  })

  it('values too large to build a statement of: a ValidationError, not a RangeError', async () => {
    const huge = 'x'.repeat(300_000_000)
    const error = await validationError(() => db.authors.insertMany([{ name: 'a', email: 'a@x.co', bio: huge }, { name: 'b', email: 'b@x.co', bio: huge }]))
    expect(error.message).toMatch(/the arguments could not be compiled: a value is too large to send, or nested too deeply/)
    expect(error.cause).toBeInstanceOf(RangeError)
  })

  it('lone UTF-16 surrogates are refused in text of every kind, json content, arrays and db.sql', async () => {
    const lone = 'a\uD800b'
    const cases: [() => unknown, string][] = [
      [() => db.authors.insert({ name: lone, email: 'x@example.com' }), 'name'],
      [() => db.books.insert({ isbn: '\uDC00', title: 't', authorId, price: '1' }), 'isbn'],
      [() => db.customers.insert({ email: lone, name: 'n' }), 'email'],
      [() => db.customers.insert({ email: 'c@example.com', name: 'n', region1Code: '\uD800' }), 'region1Code'],
      [() => db.books.update({ where: { isbn: '1' }, set: { meta: { pages: 1, language: lone } } }), 'set.meta'],
      [() => db.books.update({ where: { isbn: '1' }, set: { meta: { pages: 1, language: 'en', [lone]: 1 } as never } }), 'set.meta'],
      [() => db.books.update({ where: { isbn: '1' }, set: { tags: ['ok', lone] } }), 'set.tags'],
      [() => db.books.findMany({ where: { title: { startsWith: lone } } }), 'where.title.startsWith'],
      [() => db.sql`select ${lone}::text`, '$1'],
      [() => db.sql`select ${[lone]}::text[]`, '$1'],
    ]
    for (const [run, path] of cases) {
      const error = await validationError(run)
      expect(error.issues).toEqual([{ path, message: expect.stringMatching(/contains a lone UTF-16 surrogate/) }])
    }
    expect(events).toHaveLength(0)
    // A surrogate pair is one character, and is stored as it is.
    const made = await db.authors.insert({ name: 'emoji 😀', email: 'e@example.com' })
    expect((await db.authors.findById(made.id))!.name).toBe('emoji 😀')
  })

  it('an unknown role fails with ConnectionError 28000 (or 28P01); the password is in no error text', async () => {
    const url = new URL(databaseUrl(database.name))
    url.username = 'no_such_role'
    url.password = 'S3cr3t-pass'
    const seen: QueryEvent[] = []
    const stranger = createRawDb({ url: url.href, connectRetries: 0, onQuery: (event) => seen.push(event) })
    try {
      const error = await failure(() => stranger.sql`select 1`)
      expect(error).toBeInstanceOf(ConnectionError)
      // 28000 from a server that trusts local connections; one that asks for a password
      // (the embedded server, when DATABASE_URL is unset) says 28P01, not telling whether the role exists.
      expect(['28000', '28P01']).toContain((error as ConnectionError).code)
      expect(inspect(error, { showHidden: true, depth: 10 })).not.toContain('S3cr3t')
      expect(seen).toHaveLength(1)
      expect(inspect(seen, { showHidden: true, depth: 10 })).not.toContain('S3cr3t')
      expect(JSON.stringify(stranger.metrics()) + stranger.metricsText()).not.toContain('S3cr3t')
    } finally {
      await stranger.close()
    }
  })

  it('util.inspect of a database object shows its tables, not its options or password', async () => {
    const url = new URL(databaseUrl(database.name))
    url.password = 'S3cr3t-pass'
    const holder = createDb({ url: url.href })
    try {
      const shown = inspect(holder, { showHidden: true, depth: 10 })
      expect(shown).toContain('books')
      expect(shown).not.toContain('S3cr3t')
    } finally {
      await holder.close()
    }
  })

  it('copyTo shows onQuery and its errors the statement with placeholders, never the filter values', async () => {
    const chunks: Buffer[] = []
    for await (const chunk of db.books.copyTo({ where: { title: 'Earthsea-secret-title' }, select: ['id'] })) chunks.push(chunk)
    const copy = events.find((e) => e.sql.startsWith('COPY'))!
    expect(copy.sql).toMatch(/\$1/)
    expect(copy.sql).not.toContain('secret')
    const failed = await failure(async () => {
      for await (const chunk of db.books.copyTo({ where: { price: { gt: '1e999999-secret' as never } } })) void chunk
    })
    expect(inspect(failed, { depth: 5 })).not.toContain('secret')
  })

  it('a wrong password fails with ConnectionError 28P01 (a server that checks passwords); the password is in no error text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbridge-auth-'))
    const server = await startEmbeddedPostgres({ dir })
    const url = new URL(server.url)
    url.password = 'Wr0ng-S3cr3t'
    const wrong = createRawDb({ url: url.href, connectRetries: 0 })
    try {
      const error = await failure(() => wrong.sql`select 1`)
      expect(error).toBeInstanceOf(ConnectionError)
      expect(error).toMatchObject({ code: '28P01' })
      for (const text of [String(error), (error as Error).stack, inspect(error, { showHidden: true, depth: 10 }), JSON.stringify(error)]) {
        expect(text).not.toContain('Wr0ng-S3cr3t')
      }
    } finally {
      await wrong.close()
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a driver error of its own (not a server error) becomes a DbError with the original as cause', async () => {
    const { toDbError } = await import('../../runtime/errors.js')
    const driverError = Object.assign(new Error('Max number of parameters (65534) exceeded'), { code: 'MAX_PARAMETERS_EXCEEDED' })
    const converted = toDbError(driverError, 'select 1')
    expect(converted).toBeInstanceOf(DbError)
    expect(converted).toMatchObject({ message: 'Max number of parameters (65534) exceeded (MAX_PARAMETERS_EXCEEDED)', code: undefined, sql: 'select 1', cause: driverError })
    expect(toDbError(new RangeError('Invalid string length'))).toBeInstanceOf(DbError)
  })
})

describe('ValidationError messages name the field and the expected type, never the value', () => {
  it('holds for every kind of bad input', async () => {
    const secret = 'Tr0ub4dor&3-secret'
    const calls: (() => unknown)[] = [
      () => db.authors.findMany({ where: { id: secret as never } }),
      () => db.authors.findMany({ where: { id: { in: [1, secret as never] } } }),
      () => db.authors.findMany({ where: { status: secret as never } }),
      () => db.authors.findMany({ where: { createdAt: { gt: secret as never } } }),
      () => db.books.findMany({ where: { price: secret } }),
      () => db.books.findMany({ where: { publishedOn: secret } }),
      () => db.books.findMany({ where: { isbn: { like: secret + '\\' } } }),
      () => db.authors.findMany({ orderBy: { name: secret as never } }),
      () => db.authors.findMany({ select: [secret as never] }),
      () => db.authors.findMany({ limit: secret as never }),
      () => db.authors.findMany({ lock: secret as never }),
      () => db.authors.insert({ name: 'n', email: secret }),
      () => db.authors.insert({ name: 'n', email: 'e@example.com', website: secret }),
      () => db.authors.insert({ name: 'n', email: 'e@example.com', status: secret as never }),
      () => db.authors.insert({ name: 'n', email: 'e@example.com', id: secret as never }),
      () => db.authors.update({ where: { id: 1 }, set: { name: 'x'.repeat(201) + secret } }),
      () => db.books.upsert({ isbn: '1', title: 't', authorId, price: '1' }, { onConflict: [secret] as never }),
      () => db.books.upsert({ isbn: '1', title: 't', authorId, price: '1' }, { onConflict: ['isbn'], update: [secret] as never }),
      () => db.books.findById(secret as never),
      () => db.editions.findById({ bookId: secret as never, number: 1 }),
      () => db.transaction(async () => 1, { isolation: secret as never }),
      () => db.scoped({ settings: { 'app.user': { secret } as never } }, async () => 1),
    ]
    for (const call of calls) {
      const error = await validationError(call)
      expect(error.message).not.toContain(secret)
      expect(error.message).not.toContain('Tr0ub4dor')
      expect(error.issues.length).toBeGreaterThan(0)
    }
  })

  it('zod issues are in the same words: field, expected type, given type', async () => {
    const error = await validationError(() => db.authors.insert({ name: 5 as never, email: 'not-an-email', status: 'gone' as never, extra: 1 } as never))
    expect(error.issues).toEqual([
      { path: 'name', message: 'expected a string, got a number' },
      { path: 'email', message: 'expected an email address' },
      { path: 'status', message: 'expected one of "active", "retired"' },
      { path: 'extra', message: 'unknown column of authors; expected one of id, name, bio, email, status, website, createdAt' },
    ])
  })
})

describe('a query is a Promise for the type checker and for node:assert', () => {
  it('assert.rejects takes a query, and nothing is sent before it is awaited', async () => {
    const bad = db.books.findMany({ limit: -1 })
    await assert.rejects(bad, ValidationError)
    const pending: Promise<Book[]> = db.books.findMany({ orderBy: [{ isbn: 'asc' }] })
    const counted: Promise<number> = db.books.count()
    expect(events).toHaveLength(0)
    expect(Object.prototype.toString.call(pending)).toBe('[object Query]')
    await assert.doesNotReject(pending)
    expect(events).toHaveLength(1)
    const [books, count] = await Promise.all([pending, counted])
    expect(books.map((b) => b.isbn)).toEqual(['1', '2'])
    expect(count).toBe(2)
    // The query was sent once, then its result reused.
    expect(events).toHaveLength(2)
    await assert.rejects(db.authors.insert({ name: 'x', email: 'ursula@example.com' }), DbError)
  })
})
