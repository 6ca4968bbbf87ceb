/** Typed errors and createDb options, against a real server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inspect } from 'node:util'
import { createDb, type Db } from '../../generated/index.js'
import {
  CheckViolationError,
  ConnectionError,
  DbError,
  ForeignKeyViolationError,
  NotFoundError,
  NotNullViolationError,
  TimeoutError,
  UniqueViolationError,
  ValidationError,
  createDb as createRawDb,
} from '../../runtime/index.js'
import { createTestDatabase, readSchemaSql, type TestDatabase } from '../support/database.js'

let database: TestDatabase
let db: Db

beforeAll(async () => {
  database = await createTestDatabase(readSchemaSql('../../generated/schema.sql'))
  db = createDb({ url: database.url, max: 3 })
})
afterAll(async () => {
  await db?.close()
  await database?.drop()
})

describe('server errors become typed errors', () => {
  it('unique, foreign key, not null and check violations carry code, table, constraint and detail', async () => {
    const author = await db.authors.insert({ name: 'A', email: 'a@example.com' })
    const unique = await db.authors.insert({ name: 'B', email: 'a@example.com' }).catch((e: unknown) => e)
    expect(unique).toBeInstanceOf(UniqueViolationError)
    expect(unique).toMatchObject({ code: '23505', table: 'authors', constraint: 'authors_email_key', detail: 'Key (email)=(a@example.com) already exists.' })
    expect((unique as DbError).sql).toMatch(/^INSERT INTO "authors"/)
    expect((unique as DbError).cause).toBeDefined()

    const fk = await db.books.insert({ isbn: '1', title: 't', authorId: 9999, price: '1' }).catch((e: unknown) => e)
    expect(fk).toBeInstanceOf(ForeignKeyViolationError)
    expect(fk).toMatchObject({ code: '23503', table: 'books', constraint: 'books_author_id_fkey' })

    const notNull = await db.sql`insert into authors (name, email) values (null, 'n@example.com')`.catch((e: unknown) => e)
    expect(notNull).toBeInstanceOf(NotNullViolationError)
    expect(notNull).toMatchObject({ code: '23502', table: 'authors', column: 'name' })

    const book = await db.books.insert({ isbn: '2', title: 't', authorId: author.id, price: '1' })
    const check = await db.editions.insert({ bookId: book.id, number: 0, printedOn: '2020-01-01' }).catch((e: unknown) => e)
    expect(check).toBeInstanceOf(CheckViolationError)
    expect(check).toMatchObject({ code: '23514', table: 'editions', constraint: 'positive_number' })
    for (const error of [unique, fk, notNull, check]) expect(error).toBeInstanceOf(DbError)
  })

  it('NotFoundError from findOneOrThrow', async () => {
    const error = await db.books.findOneOrThrow({ where: { isbn: 'missing' } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NotFoundError)
    expect(error).toMatchObject({ table: 'books' })
  })

  it('ValidationError lists every bad field and sends nothing', async () => {
    let sent = 0
    const counting = createDb({ url: database.url, max: 1, onQuery: () => void sent++ })
    try {
      const error = (await counting.books
        .insertMany([
          { isbn: '12345678901234', title: '', authorId: 1, price: '1.00' },
          { isbn: 'ok', title: 'ok', authorId: 1.5, price: 'cheap', extra: true } as never,
        ])
        .catch((e: unknown) => e)) as ValidationError
      expect(error).toBeInstanceOf(ValidationError)
      expect(error.issues.map((i) => i.path)).toEqual(['[0].isbn', '[0].title', '[1].authorId', '[1].price', '[1].extra'])
      expect(error.issues.map((i) => i.message)).toEqual([
        'must be at most 13 characters long',
        'must be at least 1 character long',
        'expected an integer, got a fractional number',
        'expected a decimal string with at most 8 digits before the point',
        'unknown column of books; expected one of id, isbn, title, authorId, price, stock, tags, meta, publishedOn, cover, createdAt',
      ])
      expect(sent).toBe(0)
    } finally {
      await counting.close()
    }
  })
})

describe('timeouts and connections', () => {
  it('statementTimeout cancels the statement on the server; the connection stays usable', async () => {
    const slow = createDb({ url: database.url, max: 1, statementTimeout: 100 })
    try {
      const started = Date.now()
      const error = await slow.sql`select pg_sleep(3)`.catch((e: unknown) => e)
      expect(error).toBeInstanceOf(TimeoutError)
      expect(error).toMatchObject({ code: '57014' })
      expect(Date.now() - started).toBeLessThan(2500)
      expect(await slow.authors.count()).toBeTypeOf('number')
    } finally {
      await slow.close()
    }
  })

  it('acquireTimeout: waiting for a connection held by a transaction times out', async () => {
    const small = createDb({ url: database.url, max: 1, acquireTimeout: 150 })
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    try {
      const transaction = small.transaction(async (tx) => {
        await tx.authors.count()
        await held
      })
      await new Promise((resolve) => setTimeout(resolve, 50))
      const error = await small.authors.count().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(TimeoutError)
      expect((error as Error).message).toMatch(/acquireTimeout \(150 ms\)/)
      release()
      await transaction
      expect(await small.authors.count()).toBeTypeOf('number')
    } finally {
      release()
      await small.close()
    }
  })

  it('an unreachable server gives ConnectionError', async () => {
    const nowhere = createRawDb({ url: 'postgres://postgres@127.0.0.1:1/none', connectTimeout: 2000 })
    try {
      const error = await nowhere.sql`select 1`.catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ConnectionError)
    } finally {
      await nowhere.close()
    }
  })

  it('a closed database refuses queries', async () => {
    const short = createDb({ url: database.url })
    await short.close()
    await expect(short.authors.count()).rejects.toBeInstanceOf(ConnectionError)
  })

  it('close() lets statements and transactions in flight finish, and refuses new ones at once', async () => {
    const closing = createDb({ url: database.url, max: 2 })
    const order: string[] = []
    const sleeping = closing.sql<{ done: boolean }>`select pg_sleep(0.3) is not null as done`.then((rows) => (order.push('statement'), rows))
    let entered!: () => void
    const inTransaction = new Promise<void>((resolve) => (entered = resolve))
    const transaction = closing.transaction(async (tx) => {
      entered()
      await tx.sql`select pg_sleep(0.2)`
      const made = await tx.genres.insert({ name: 'committed while closing' })
      order.push('transaction')
      return made
    })
    await inTransaction
    const closed = closing.close().then(() => order.push('closed'))
    // Refused at once: no waiting for the pool to drain.
    await expect(closing.genres.count()).rejects.toBeInstanceOf(ConnectionError)
    expect(await sleeping).toEqual([{ done: true }])
    const made = await transaction
    await closed
    expect(order.indexOf('closed')).toBe(2)
    expect(await db.genres.findById(made.id)).toEqual(made)
  })
})

describe('createDb options', () => {
  it('validates options and URLs at once, never echoing a password', () => {
    const attempts: [unknown, RegExp][] = [
      [{ url: 'postgres://user:s3cr#t/pw@localhost/db' }, /^url is malformed: expected postgres:\/\/user:password@host:port\/database; percent-encode/],
      [{ url: 'mysql://user:s3cr3tpw@localhost/db' }, /^url must start with postgres:\/\/ or postgresql:\/\/$/],
      [{ url: 'postgres://user:s3cr3tpw@localhost:99999/db' }, /^url is malformed: .*check that the port is a number from 1 to 65535$/],
      [{ url: database.url, max: 0 }, /max must be a positive integer/],
      [{ url: database.url, idleTimeout: -1 }, /idleTimeout must be a positive number of milliseconds/],
      [{ url: database.url, statmentTimeout: 5 }, /unknown option 'statmentTimeout'/],
      [{ url: database.url, prepare: 'no' }, /prepare must be true or false/],
    ]
    for (const [options, message] of attempts) {
      let error: unknown
      try {
        createRawDb(options as never)
      } catch (e) {
        error = e
      }
      expect(error, JSON.stringify(options)).toBeInstanceOf(DbError)
      expect((error as Error).message).toMatch(message)
      for (const text of [(error as Error).message, inspect(error), JSON.stringify(error)]) {
        expect(text).not.toContain('s3cr')
      }
    }
  })

  it('needs a URL: option or DATABASE_URL', () => {
    const saved = process.env.DATABASE_URL
    delete process.env.DATABASE_URL
    try {
      expect(() => createRawDb()).toThrow(/no database URL/)
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved
    }
  })

  it('prepare: false still works (for PgBouncer in transaction mode)', async () => {
    const unprepared = createDb({ url: database.url, prepare: false })
    try {
      expect(await unprepared.authors.count({ where: { name: { startsWith: 'A' } } })).toBeTypeOf('number')
    } finally {
      await unprepared.close()
    }
  })
})
