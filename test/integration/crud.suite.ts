/**
 * Reads and writes of the generated client against a real PostgreSQL (the example schema),
 * as a suite that runs directly against the server (crud.test.ts) and through PgBouncer in
 * transaction-pooling mode (pgbouncer.test.ts).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createDb, type Db, type Book, type Author } from '../../generated/index.js'
import { NotFoundError, ValidationError, type DatabaseOptions, type QueryEvent } from '../../runtime/index.js'
import { createTestDatabase, readSchemaSql, type TestDatabase } from '../support/database.js'

export interface CrudTarget {
  /** The URL to connect to for a database on the test server (called once the suite starts). */
  url(databaseUrl: string): string
  options?: Pick<DatabaseOptions, 'prepare'>
}

export function crudSuite(target: CrudTarget): void {
  let database: TestDatabase
  let db: Db
  const events: QueryEvent[] = []

  beforeAll(async () => {
    database = await createTestDatabase(readSchemaSql('../../generated/schema.sql'))
    db = createDb({ url: target.url(database.url), max: 4, ...target.options, onQuery: (e) => events.push(e) })
  })

  afterAll(async () => {
    await db?.close()
    await database?.drop()
  })

  let leGuin: Author
  let herbert: Author
  let books: Book[]

  beforeEach(async () => {
    await db.sql`TRUNCATE authors, books, genres, editions, customers, orders, order_items RESTART IDENTITY CASCADE`
    leGuin = await db.authors.insert({ name: 'Ursula K. Le Guin', email: 'ursula@example.com', bio: 'Earthsea' })
    herbert = await db.authors.insert({ name: 'Frank Herbert', email: 'frank@example.com', status: 'retired' })
    books = await db.books.insertMany([
      { isbn: '1111111111111', title: 'The Left Hand of Darkness', authorId: leGuin.id, price: '12.50', tags: ['sci-fi', 'classic'], publishedOn: '1969-03-01', stock: 3 },
      { isbn: '2222222222222', title: 'The Dispossessed', authorId: leGuin.id, price: '15.99', tags: ['sci-fi'], publishedOn: '1974-05-01' },
      { isbn: '3333333333333', title: 'Dune', authorId: herbert.id, price: '9.99', tags: ['sci-fi', 'epic'] },
      { isbn: '4444444444444', title: 'A Wizard of Earthsea', authorId: leGuin.id, price: '8.00', tags: [], publishedOn: '1968-11-01', stock: 10 },
    ])
    events.length = 0
  })

  const titles = (rows: { title: string }[]) => rows.map((r) => r.title).sort()

  describe('reads', () => {
    it('findById returns the row with exact types, or null', async () => {
      const book = await db.books.findById(books[2]!.id)
      expect(book).toEqual(books[2])
      expect(typeof book!.id).toBe('bigint')
      expect(book!.createdAt).toBeInstanceOf(Date)
      expect(await db.books.findById(999_999n)).toBeNull()
    })

    it('findById with select returns only those columns', async () => {
      const book = await db.books.findById(books[0]!.id, { select: ['id', 'title'] })
      expect(book).toEqual({ id: books[0]!.id, title: 'The Left Hand of Darkness' })
    })

    it('findById takes an object for a composite key', async () => {
      await db.editions.insert({ bookId: books[0]!.id, number: 2, printedOn: '1970-01-01' })
      const edition = await db.editions.findById({ bookId: books[0]!.id, number: 2 })
      expect(edition).toEqual({ bookId: books[0]!.id, number: 2, printedOn: '1970-01-01', copies: null })
      expect(await db.editions.findById({ bookId: books[0]!.id, number: 3 })).toBeNull()
    })

    it('findOne and findOneOrThrow', async () => {
      expect((await db.books.findOne({ where: { isbn: '3333333333333' } }))?.title).toBe('Dune')
      expect(await db.books.findOne({ where: { isbn: 'none' } })).toBeNull()
      await expect(db.books.findOneOrThrow({ where: { isbn: 'none' } })).rejects.toBeInstanceOf(NotFoundError)
      const first = await db.books.findOne({ orderBy: [{ price: 'asc' }] })
      expect(first?.title).toBe('A Wizard of Earthsea')
    })

    it('findMany with filter, order, limit and offset', async () => {
      const rows = await db.books.findMany({ where: { authorId: leGuin.id }, orderBy: [{ price: 'desc' }], limit: 2, offset: 1 })
      expect(rows.map((r) => r.title)).toEqual(['The Left Hand of Darkness', 'A Wizard of Earthsea'])
      const all = await db.books.findMany({ orderBy: { isbn: 'asc' } })
      expect(all.map((b) => b.isbn)).toEqual(['1111111111111', '2222222222222', '3333333333333', '4444444444444'])
    })

    it('count and exists', async () => {
      expect(await db.books.count()).toBe(4)
      expect(await db.books.count({ where: { authorId: leGuin.id } })).toBe(3)
      expect(await db.books.exists({ where: { title: 'Dune' } })).toBe(true)
      expect(await db.books.exists({ where: { title: 'Emma' } })).toBe(false)
    })
  })

  describe('where operators', () => {
    type Args = NonNullable<Parameters<Db['books']['findMany']>[0]>
    // Thunks: the arguments refer to rows the beforeEach hook creates.
    const cases: [string, () => Args, string[]][] = [
      ['equality shorthand', () => ({ where: { title: 'Dune' } }), ['Dune']],
      ['null shorthand', () => ({ where: { publishedOn: null } }), ['Dune']],
      ['eq', () => ({ where: { price: { eq: '8.00' } } }), ['A Wizard of Earthsea']],
      ['eq null', () => ({ where: { publishedOn: { eq: null } } }), ['Dune']],
      ['ne (nullable column keeps NULL rows)', () => ({ where: { publishedOn: { ne: '1969-03-01' } } }), ['A Wizard of Earthsea', 'Dune', 'The Dispossessed']],
      ['ne null', () => ({ where: { publishedOn: { ne: null } } }), ['A Wizard of Earthsea', 'The Dispossessed', 'The Left Hand of Darkness']],
      ['gt', () => ({ where: { price: { gt: '12.50' } } }), ['The Dispossessed']],
      ['gte', () => ({ where: { price: { gte: '12.50' } } }), ['The Dispossessed', 'The Left Hand of Darkness']],
      ['lt', () => ({ where: { price: { lt: '9.99' } } }), ['A Wizard of Earthsea']],
      ['lte', () => ({ where: { price: { lte: '9.99' } } }), ['A Wizard of Earthsea', 'Dune']],
      ['range on dates', () => ({ where: { publishedOn: { gte: '1969-01-01', lt: '1975-01-01' } } }), ['The Dispossessed', 'The Left Hand of Darkness']],
      ['in', () => ({ where: { isbn: { in: ['1111111111111', '3333333333333'] } } }), ['Dune', 'The Left Hand of Darkness']],
      ['in []', () => ({ where: { isbn: { in: [] } } }), []],
      ['notIn', () => ({ where: { isbn: { notIn: ['1111111111111', '3333333333333'] } } }), ['A Wizard of Earthsea', 'The Dispossessed']],
      ['notIn []', () => ({ where: { isbn: { notIn: [] } } }), ['A Wizard of Earthsea', 'Dune', 'The Dispossessed', 'The Left Hand of Darkness']],
      ['notIn on a nullable column keeps NULL rows', () => ({ where: { publishedOn: { notIn: ['1969-03-01'] } } }), ['A Wizard of Earthsea', 'Dune', 'The Dispossessed']],
      ['isNull true', () => ({ where: { publishedOn: { isNull: true } } }), ['Dune']],
      ['isNull false', () => ({ where: { publishedOn: { isNull: false } } }), ['A Wizard of Earthsea', 'The Dispossessed', 'The Left Hand of Darkness']],
      ['like', () => ({ where: { title: { like: 'The %' } } }), ['The Dispossessed', 'The Left Hand of Darkness']],
      ['ilike', () => ({ where: { title: { ilike: '%DARK%' } } }), ['The Left Hand of Darkness']],
      ['startsWith', () => ({ where: { title: { startsWith: 'A Wiz' } } }), ['A Wizard of Earthsea']],
      ['endsWith', () => ({ where: { title: { endsWith: 'Darkness' } } }), ['The Left Hand of Darkness']],
      ['contains', () => ({ where: { title: { contains: 'of' } } }), ['A Wizard of Earthsea', 'The Left Hand of Darkness']],
      ['has', () => ({ where: { tags: { has: 'classic' } } }), ['The Left Hand of Darkness']],
      ['hasAll', () => ({ where: { tags: { hasAll: ['sci-fi', 'epic'] } } }), ['Dune']],
      ['hasAny', () => ({ where: { tags: { hasAny: ['epic', 'classic'] } } }), ['Dune', 'The Left Hand of Darkness']],
      ['isEmpty true', () => ({ where: { tags: { isEmpty: true } } }), ['A Wizard of Earthsea']],
      ['isEmpty false', () => ({ where: { tags: { isEmpty: false } } }), ['Dune', 'The Dispossessed', 'The Left Hand of Darkness']],
      ['array equality', () => ({ where: { tags: ['sci-fi'] } }), ['The Dispossessed']],
      ['AND list', () => ({ where: { AND: [{ authorId: leGuin.id }, { stock: { gt: 0 } }] } }), ['A Wizard of Earthsea', 'The Left Hand of Darkness']],
      ['OR', () => ({ where: { OR: [{ title: 'Dune' }, { price: '8.00' }] } }), ['A Wizard of Earthsea', 'Dune']],
      ['NOT', () => ({ where: { NOT: { authorId: leGuin.id } } }), ['Dune']],
      ['nested combinators', () => ({ where: { OR: [{ AND: [{ authorId: leGuin.id }, { NOT: [{ stock: 0 }] }] }, { title: { startsWith: 'Du' } }] } }), ['A Wizard of Earthsea', 'Dune', 'The Left Hand of Darkness']],
      ['OR []', () => ({ where: { OR: [] } }), []],
      ['wildcards in startsWith are literal', () => ({ where: { title: { startsWith: '%' } } }), []],
    ]
    for (const [name, args, expected] of cases) {
      it(name, async () => {
        expect(titles(await db.books.findMany(args()))).toEqual(expected)
      })
    }

    it('operators on enums, timestamps, booleans-like and jsonb', async () => {
      expect((await db.authors.findMany({ where: { status: 'retired' } })).map((a) => a.name)).toEqual(['Frank Herbert'])
      expect((await db.authors.findMany({ where: { status: { in: ['active'] } } })).map((a) => a.name)).toEqual(['Ursula K. Le Guin'])
      const cutoff = new Date(Date.now() + 60_000)
      expect(await db.books.count({ where: { createdAt: { lt: cutoff } } })).toBe(4)
      await db.books.update({ where: { title: 'Dune' }, set: { meta: { pages: 412, language: 'en', awards: ['Hugo'] } } })
      expect(titles(await db.books.findMany({ where: { meta: { contains: { awards: ['Hugo'] } } } }))).toEqual(['Dune'])
      expect(titles(await db.books.findMany({ where: { meta: { eq: { pages: 412, language: 'en', awards: ['Hugo'] } } } }))).toEqual(['Dune'])
      expect(await db.books.count({ where: { meta: { isNull: true } } })).toBe(3)
      expect(await db.books.count({ where: { meta: null } })).toBe(3)
    })

    it('citext equality ignores case', async () => {
      await db.customers.insert({ email: 'Reader@Example.com', name: 'R' })
      expect(await db.customers.count({ where: { email: 'reader@example.COM' } })).toBe(1)
    })

    it('sends every value as a parameter and keeps one SQL text per shape', async () => {
      await db.books.findMany({ where: { title: "x' OR 1=1 --" }, limit: 5, offset: 0 })
      await db.books.findMany({ where: { title: 'another' }, limit: 7, offset: 2 })
      const selects = events.filter((e) => e.sql.startsWith('SELECT'))
      expect(selects).toHaveLength(2)
      expect(selects[0]!.sql).toBe(selects[1]!.sql)
      expect(selects[0]!.sql).not.toContain("OR 1=1")
      expect(selects[0]!.sql).toMatch(/LIMIT \$2 OFFSET \$3$/)
    })
  })

  describe('writes', () => {
    it('insert fills defaults and returns the row', async () => {
      const book = await db.books.insert({ isbn: '5555555555555', title: 'Lathe of Heaven', authorId: leGuin.id, price: '7.25' })
      expect(book).toMatchObject({ isbn: '5555555555555', stock: 0, tags: [], meta: null, publishedOn: null, cover: null })
      expect(typeof book.id).toBe('bigint')
      expect(book.createdAt).toBeInstanceOf(Date)
      expect(await db.books.findById(book.id)).toEqual(book)
    })

    it('insert treats an undefined value as not given', async () => {
      const author = await db.authors.insert({ name: 'N', email: 'n@example.com', bio: undefined })
      expect(author.bio).toBeNull()
      expect(author.status).toBe('active')
    })

    it('insertMany keeps the input order, mixes rows with and without defaults, and returns count when asked', async () => {
      const rows = await db.genres.insertMany([{ name: 'b' }, { name: 'a', id: 100 }, { name: 'c' }])
      expect(rows.map((r) => r.name)).toEqual(['b', 'a', 'c'])
      expect(rows[1]!.id).toBe(100)
      expect(await db.genres.insertMany([{ name: 'd' }, { name: 'e' }], { returning: false })).toBe(2)
      expect(await db.genres.insertMany([])).toEqual([])
      expect(await db.genres.count()).toBe(5)
    })

    it('insertMany of rows that give no column uses every default', async () => {
      const customer = await db.customers.insert({ email: 'c@example.com', name: 'C' })
      const rows = await db.orders.insertMany([
        { customerId: customer.id, total: '1.00', shipTo: { line1: 'a', city: 'b', postalCode: 'c', country: 'd' } },
      ])
      expect(rows[0]!.status).toBe('pending')
    })

    it('insertMany with more values than the protocol allows in one statement', async () => {
      // 70,000 rows x 2 columns would be 140,000 parameters as VALUES; unnest sends 2.
      const rows = Array.from({ length: 70_000 }, (_, i) => ({ name: `genre ${i}` }))
      expect(await db.genres.insertMany(rows, { returning: false })).toBe(70_000)
      const many = Array.from({ length: 70_000 }, (_, i) => `genre ${i}`)
      expect(await db.genres.count({ where: { name: { in: many } } })).toBe(70_000)
      expect(events.at(-1)!.sql).toContain('= ANY($1::text[])')
    })

    it('insertMany is atomic: one bad row writes nothing', async () => {
      await expect(db.genres.insertMany([{ name: 'ok' }, { name: 'dup' }, { name: 'dup', id: 5 }, { name: 'dup' }])).rejects.toThrow(/genres_name_key/)
      expect(await db.genres.count()).toBe(0)
    })

    it('upsert inserts, then updates the given columns', async () => {
      const first = await db.books.upsert({ isbn: '9999999999999', title: 'Old', authorId: leGuin.id, price: '1.00' }, { onConflict: ['isbn'] })
      const second = await db.books.upsert({ isbn: '9999999999999', title: 'New', authorId: leGuin.id, price: '2.00' }, { onConflict: ['isbn'] })
      expect(second.id).toBe(first.id)
      expect(second).toMatchObject({ title: 'New', price: '2.00' })
    })

    it('upsert with a selective update list leaves other columns', async () => {
      const updated = await db.books.upsert({ isbn: '3333333333333', title: 'Dune (new)', authorId: herbert.id, price: '99.00' }, { onConflict: ['isbn'], update: ['price'] })
      expect(updated).toMatchObject({ title: 'Dune', price: '99.00', id: books[2]!.id })
    })

    it('upsert with an empty update list returns the existing row unchanged', async () => {
      const same = await db.books.upsert({ isbn: '3333333333333', title: 'X', authorId: herbert.id, price: '1.00' }, { onConflict: ['isbn'], update: [] })
      expect(same).toEqual(books[2])
    })

    it('upsert on a composite key', async () => {
      const key = { bookId: books[0]!.id, number: 1 }
      await db.editions.upsert({ ...key, printedOn: '1969-03-01', copies: 10 }, { onConflict: ['bookId', 'number'] })
      const again = await db.editions.upsert({ ...key, printedOn: '1969-03-01', copies: 20 }, { onConflict: ['number', 'bookId'] })
      expect(again.copies).toBe(20)
      expect(await db.editions.count()).toBe(1)
    })

    it('upsert rejects a conflict target that is not unique, naming the valid ones', async () => {
      const attempt = db.books.upsert({ isbn: '1', title: 'x', authorId: leGuin.id, price: '1' }, { onConflict: ['title'] as never })
      await expect(attempt).rejects.toThrow(ValidationError)
      await expect(attempt).rejects.toThrow(/onConflict: is not a unique key of books; use \['id'\] or \['isbn'\]/)
      expect(events).toHaveLength(0)
    })

    it('upsert rejects an update column the row does not give', async () => {
      await expect(
        db.books.upsert({ isbn: '1', title: 'x', authorId: leGuin.id, price: '1' }, { onConflict: ['isbn'], update: ['stock'] }),
      ).rejects.toThrow(/'stock' is not given in the row/)
    })

    it('upsertMany inserts and updates in one statement', async () => {
      const rows = await db.books.upsertMany(
        [
          { isbn: '1111111111111', title: 'LHoD', authorId: leGuin.id, price: '13.00' },
          { isbn: '7777777777777', title: 'New one', authorId: herbert.id, price: '5.00' },
        ],
        { onConflict: ['isbn'] },
      )
      expect(rows.map((r) => [r.isbn, r.title, r.price])).toEqual([
        ['1111111111111', 'LHoD', '13.00'],
        ['7777777777777', 'New one', '5.00'],
      ])
      expect(rows[0]!.id).toBe(books[0]!.id)
      expect(rows[0]!.tags).toEqual(['sci-fi', 'classic'])
      expect(events.filter((e) => e.sql.startsWith('INSERT'))).toHaveLength(1)
    })

    it('update returns the updated rows; increment and decrement are atomic', async () => {
      const updated = await db.books.update({ where: { authorId: leGuin.id, stock: { gt: 0 } }, set: { stock: { decrement: 1 }, price: '1.00' } })
      expect(updated.map((b) => [b.title, b.stock]).sort()).toEqual([
        ['A Wizard of Earthsea', 9],
        ['The Left Hand of Darkness', 2],
      ])
      await Promise.all(Array.from({ length: 20 }, () => db.books.update({ where: { id: books[2]!.id }, set: { stock: { increment: 1 } } })))
      expect((await db.books.findById(books[2]!.id))!.stock).toBe(20)
      expect(await db.books.update({ where: { id: 12345n }, set: { title: 'x' }, returning: false })).toBe(0)
    })

    it('update can set null and arrays', async () => {
      const [row] = await db.books.update({ where: { id: books[0]!.id }, set: { publishedOn: null, tags: ['a', 'b "quoted"', 'c,d', 'back\\slash', '{brace}', 'NULL'] } })
      expect(row!.publishedOn).toBeNull()
      expect(row!.tags).toEqual(['a', 'b "quoted"', 'c,d', 'back\\slash', '{brace}', 'NULL'])
    })

    it('delete returns the number of rows deleted; cascades follow the schema', async () => {
      expect(await db.books.delete({ where: { price: { lt: '10' } } })).toBe(2)
      expect(await db.books.count()).toBe(2)
      expect(await db.authors.delete({ where: { id: leGuin.id } })).toBe(1)
      expect(await db.books.count()).toBe(0)
    })

    it('delete({ all: true }) deletes every row; without where, or with where: {}, it is refused', async () => {
      await expect(db.books.delete({} as never)).rejects.toThrow(/where: is required: give a filter that narrows, or delete\(\{ all: true \}\)/)
      await expect(db.books.delete(undefined as never)).rejects.toThrow(ValidationError)
      await expect(db.books.delete({ where: {} })).rejects.toThrow(/where: narrows nothing .* delete\(\{ all: true \}\)/)
      expect(await db.books.count()).toBe(4)
      expect(await db.books.delete({ all: true })).toBe(4)
      expect(await db.books.count()).toBe(0)
    })

    it('update({ all: true, set }) updates every row', async () => {
      await expect(db.books.update({ where: {}, set: { stock: 7 } })).rejects.toThrow(/where: narrows nothing .* update\(\{ all: true, set \}\)/)
      const updated = await db.books.update({ all: true, set: { stock: 7 } })
      expect(updated.map((b) => b.stock)).toEqual([7, 7, 7, 7])
      expect(await db.books.count({ where: { stock: 7 } })).toBe(4)
    })

    it('does not mutate its arguments', async () => {
      const row = { isbn: '8888888888888', title: 'T', authorId: leGuin.id, price: '1.00', tags: ['x'] }
      const where = { tags: { hasAny: ['x'] }, OR: [{ title: 'T' }] }
      const copyRow = structuredClone(row)
      const copyWhere = structuredClone(where)
      await db.books.insert(row)
      await db.books.findMany({ where, orderBy: [{ title: 'asc' }], select: ['title', 'id'] })
      await db.books.update({ where, set: { stock: { increment: 1 } } })
      expect(row).toEqual(copyRow)
      expect(where).toEqual(copyWhere)
    })
  })

  describe('lazy queries', () => {
    it('nothing is sent until the query is awaited, and awaiting twice sends once', async () => {
      const query = db.books.count()
      expect(events).toHaveLength(0)
      expect(await query).toBe(4)
      expect(await query).toBe(4)
      expect(events).toHaveLength(1)
    })

    it('toSQL shows the statement and parameters', () => {
      const [statement] = db.books.findMany({ where: { title: { startsWith: 'A_b' } }, limit: 3 }).toSQL()
      expect(statement).toEqual({
        text: 'SELECT t0."id", t0."isbn", t0."title", t0."author_id", t0."price", t0."stock", t0."tags", t0."meta", t0."published_on", t0."cover", t0."created_at" FROM "books" AS t0 WHERE t0."title" LIKE $1 LIMIT $2',
        params: ['A\\_b%', '3'],
      })
    })
  })

  describe('onQuery', () => {
    it('reports each statement with duration, row count and error', async () => {
      await db.books.findMany({ where: { authorId: leGuin.id } })
      await db.authors.insert({ name: 'dup', email: 'ursula@example.com' }).catch(() => undefined)
      expect(events).toHaveLength(2)
      expect(events[0]).toMatchObject({ rowCount: 3 })
      expect(events[0]!.durationMs).toBeGreaterThan(0)
      expect(events[0]!.error).toBeUndefined()
      expect(events[1]!.error?.name).toBe('UniqueViolationError')
      expect(events[1]!.sql).toMatch(/^INSERT INTO "authors"/)
    })
  })
}
