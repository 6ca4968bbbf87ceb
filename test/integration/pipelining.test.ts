/** batch, stream, COPY, locking, metrics and scoped, against a real PostgreSQL. */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../../generated/index.js'
import { createDb as createSamplesDb, type Db as SamplesDb, type NewSample } from '../fixtures/all-types/generated/index.js'
import { DbError, LockNotAvailableError, UniqueViolationError, ValidationError, createDb as createRawDb, sql, type QueryEvent } from '../../runtime/index.js'
import { createTestDatabase, readSchemaSql, type TestDatabase } from '../support/database.js'
import { copyThreshold } from '../../runtime/client/table-client.js'

let database: TestDatabase
let db: Db
const events: QueryEvent[] = []

beforeAll(async () => {
  database = await createTestDatabase(readSchemaSql('../../generated/schema.sql'))
  db = createDb({ url: database.url, max: 3, onQuery: (e) => events.push(e) })
})
afterAll(async () => {
  await db?.close()
  await database?.drop()
})
beforeEach(async () => {
  await db.sql`TRUNCATE authors, books, genres RESTART IDENTITY CASCADE`
  events.length = 0
})

describe('batch', () => {
  it('sends the queries together in one transaction and returns a typed tuple', async () => {
    const author = await db.authors.insert({ name: 'A', email: 'a@example.com' })
    await db.books.insertMany([
      { isbn: '1', title: 'One', authorId: author.id, price: '1.00' },
      { isbn: '2', title: 'Two', authorId: author.id, price: '2.00' },
    ])
    events.length = 0
    const [count, latest, transaction, again] = await db.batch([
      db.books.count(),
      db.books.findMany({ orderBy: [{ id: 'desc' }], limit: 1, select: ['title'] }),
      db.sql<{ id: string }>`select txid_current()::text as id`,
      db.sql<{ id: string }>`select txid_current()::text as id`,
    ])
    expect(count).toBe(2)
    expect(latest).toEqual([{ title: 'Two' }])
    expect(transaction[0]!.id).toBe(again[0]!.id)
    expect(events.map((e) => e.sql.split(' ')[0])).toEqual(['BEGIN', 'SELECT', 'SELECT', 'select', 'select', 'COMMIT'])
  })

  it('a failing query rolls the whole batch back and rejects with its error', async () => {
    const author = await db.authors.insert({ name: 'A', email: 'a@example.com' })
    const error = await db
      .batch([db.genres.insert({ name: 'kept?' }), db.authors.insert({ name: 'B', email: 'a@example.com' }), db.genres.count()])
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UniqueViolationError)
    expect(await db.genres.count()).toBe(0)
    expect(await db.authors.count({ where: { id: author.id } })).toBe(1)
  })

  it('rejects bad input before sending anything', async () => {
    await expect(db.batch([db.books.count(), db.books.findMany({ limit: -1 })])).rejects.toBeInstanceOf(ValidationError)
    await expect(db.batch([Promise.resolve(1)] as never)).rejects.toThrow(/expected an array of queries/)
    expect(await db.batch([])).toEqual([])
    expect(events).toHaveLength(0)
  })

  it('works inside a transaction', async () => {
    const [a, b] = await db.transaction((tx) => tx.batch([tx.genres.insert({ name: 'x' }), tx.genres.count()]))
    expect(a.name).toBe('x')
    expect(b).toBe(1)
  })
})

describe('stream', () => {
  it('yields every row through a cursor, in order, with the same types as findMany', async () => {
    const author = await db.authors.insert({ name: 'A', email: 'a@example.com' })
    await db.books.insertMany(Array.from({ length: 2500 }, (_, i) => ({ isbn: `s${i}`, title: `T${i}`, authorId: author.id, price: '1.50', tags: ['x'] })), { returning: false })
    events.length = 0
    let count = 0
    let last = -1n
    for await (const book of db.books.stream({ where: { price: { gte: '1' } }, orderBy: [{ id: 'asc' }], batchSize: 100 })) {
      expect(typeof book.id).toBe('bigint')
      expect(book.id).toBeGreaterThan(last)
      expect(book.tags).toEqual(['x'])
      last = book.id
      count++
    }
    expect(count).toBe(2500)
    expect(events).toHaveLength(1)
    expect(events[0]!.rowCount).toBe(2500)
    const selected = []
    for await (const row of db.books.stream({ select: ['isbn'], limit: 3, orderBy: { id: 'asc' } })) selected.push(row)
    expect(selected).toEqual([{ isbn: 's0' }, { isbn: 's1' }, { isbn: 's2' }])
  })

  it('breaking out early closes the cursor and gives the connection back', async () => {
    const single = createDb({ url: database.url, max: 1 })
    try {
      await single.genres.insertMany(Array.from({ length: 500 }, (_, i) => ({ name: `g${i}` })))
      for (let round = 0; round < 3; round++) {
        let seen = 0
        for await (const genre of single.genres.stream({ batchSize: 10 })) {
          void genre
          if (++seen === 15) break
        }
        expect(seen).toBe(15)
      }
      expect(await single.genres.count()).toBe(500)
    } finally {
      await single.close()
    }
  })

  it('streams inside a transaction on its connection', async () => {
    const names = await db.transaction(async (tx) => {
      await tx.genres.insertMany([{ name: 'in-tx-1' }, { name: 'in-tx-2' }])
      const out: string[] = []
      for await (const g of tx.genres.stream({ orderBy: { name: 'asc' } })) out.push(g.name)
      return out
    })
    expect(names).toEqual(['in-tx-1', 'in-tx-2'])
  })

  it('inside a transaction, other statements and a second stream run between batches', async () => {
    await db.genres.insertMany(Array.from({ length: 25 }, (_, i) => ({ name: `g${String(i).padStart(2, '0')}` })))
    const pairs = await db.transaction(async (tx) => {
      const out: string[] = []
      for await (const outer of tx.genres.stream({ where: { name: { startsWith: 'g' } }, orderBy: { name: 'asc' }, batchSize: 4 })) {
        // Awaited inside the loop, on the transaction's connection, while the cursor is open.
        await tx.genres.insert({ name: `copy of ${outer.name}` })
        if (outer.name === 'g01') {
          for await (const inner of tx.genres.stream({ where: { name: { startsWith: 'copy of' } }, orderBy: { name: 'asc' }, batchSize: 1 })) out.push(`${outer.name}/${inner.name}`)
        }
        if (outer.name === 'g20') break
      }
      // The cursor was closed on the way out: a new one can take its name.
      for await (const again of tx.genres.stream({ limit: 1, orderBy: { name: 'asc' } })) out.push(again.name)
      return out
    })
    expect(pairs).toEqual(['g01/copy of g00', 'g01/copy of g01', 'copy of g00'])
    expect(await db.genres.count({ where: { name: { startsWith: 'copy of' } } })).toBe(21)
    const cursorStatements = events.filter((e) => /^(DECLARE|FETCH|CLOSE) /.test(e.sql))
    expect(cursorStatements.filter((e) => e.sql.startsWith('DECLARE'))).toHaveLength(3)
    expect(cursorStatements.filter((e) => e.sql.startsWith('CLOSE'))).toHaveLength(3)
    expect(cursorStatements.every((e) => e.error === undefined || e.error === null)).toBe(true)
  })

  it('a stream that fails inside a transaction fails the transaction', async () => {
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    let locked!: () => void
    const isLocked = new Promise<void>((resolve) => (locked = resolve))
    const holder = db.transaction(async (other) => {
      await other.sql`LOCK TABLE genres IN ACCESS EXCLUSIVE MODE`
      locked()
      await held
    })
    await isLocked
    const failure = await db
      .transaction(async (tx) => {
        await tx.sql`SET LOCAL lock_timeout = '50ms'`
        for await (const _ of tx.genres.stream()) void _
      })
      .catch((error: unknown) => error)
    release()
    await holder
    expect(failure).toBeInstanceOf(LockNotAvailableError)
    expect((failure as DbError).code).toBe('55P03')
    expect(events.some((e) => e.sql.startsWith('DECLARE') && e.error)).toBe(true)
    expect(events.some((e) => e.sql.startsWith('CLOSE'))).toBe(false)
  })

  it('a stream left early is still reported once, with the rows it read', async () => {
    await db.genres.insertMany(Array.from({ length: 30 }, (_, i) => ({ name: `r${i}` })))
    events.length = 0
    for await (const _ of db.genres.stream({ batchSize: 10 })) break
    expect(events).toHaveLength(1)
    expect(events[0]!.rowCount).toBe(10)
    expect(events[0]!.error).toBeFalsy()
  })
})

describe('insertMany without returning', () => {
  const genres = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ name: `${prefix}${i}` }))
  // genres rows give one text column.
  const threshold = copyThreshold([{ type: 'text' }])

  it('from the threshold on, rows of the same columns go by COPY, and otherwise by INSERT', async () => {
    expect(threshold).toBe(25_000)
    // Fewer rows when they are wide or carry json: the threshold counts values.
    expect(copyThreshold(Array.from({ length: 5 }, () => ({ type: 'text' as const })))).toBe(5_000)
    expect(copyThreshold([{ type: 'int4' }, { type: 'jsonb' }])).toBe(2_500)
    expect(await db.genres.insertMany(genres(threshold, 'big'), { returning: false })).toBe(threshold)
    expect(events.map((e) => e.sql.split(' ')[0])).toEqual(['COPY'])
    expect(await db.genres.count({ where: { name: { startsWith: 'big' } } })).toBe(threshold)
    events.length = 0
    expect(await db.genres.insertMany(genres(threshold - 1, 'small'), { returning: false })).toBe(threshold - 1)
    expect(events.map((e) => e.sql.split(' ')[0])).toEqual(['INSERT'])
    events.length = 0
    // Returning rows, or in a batch, it stays one INSERT.
    const [count] = await db.batch([db.genres.insertMany(genres(threshold, 'batched'), { returning: false })])
    expect(count).toBe(threshold)
    expect(events.filter((e) => e.sql.startsWith('COPY'))).toHaveLength(0)
    // toSQL shows that INSERT too (built only when asked for).
    const [statement, ...more] = db.genres.insertMany(genres(threshold, 'shown'), { returning: false }).toSQL()
    expect(more).toEqual([])
    expect(statement!.text).toMatch(/^INSERT INTO "genres" AS t0 \("name"\) SELECT u\.c1 FROM unnest\(\$1::text\[\]\)/)
    expect(statement!.params[0]).toMatch(/^\{shown0,shown1,/)
  })

  it('over COPY, a rejected row writes nothing, and a transaction that throws undoes it', async () => {
    const rows = genres(threshold + 5, 'dup')
    rows.push({ name: 'dup3' })
    const failure = await db.genres.insertMany(rows, { returning: false }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(UniqueViolationError)
    expect(await db.genres.count()).toBe(0)
    await expect(
      db.transaction(async (tx) => {
        expect(await tx.genres.insertMany(genres(threshold, 'tx'), { returning: false })).toBe(threshold)
        expect(await tx.genres.count()).toBe(threshold)
        throw new Error('undo')
      }),
    ).rejects.toThrow('undo')
    expect(await db.genres.count()).toBe(0)
    expect(events.some((e) => e.sql.startsWith('COPY') && e.error === undefined)).toBe(true)
  })
})

describe('COPY', () => {
  let samplesDatabase: TestDatabase
  let samples: SamplesDb
  beforeAll(async () => {
    samplesDatabase = await createTestDatabase(readSchemaSql('../fixtures/all-types/generated/schema.sql'))
    samples = createSamplesDb({ url: samplesDatabase.url, max: 2 })
  })
  afterAll(async () => {
    await samples?.close()
    await samplesDatabase?.drop()
  })
  beforeEach(async () => {
    await samples.sql`TRUNCATE samples, holders RESTART IDENTITY`
  })

  const tricky: NewSample = {
    text: 'tab\there\nnewline\r\ncr \\ backslash \\N "quote" ünï 🚀',
    texts: ['a\tb', 'c\\d', 'e"f', '', 'NULL', 'g\nh'],
    bytes: new Uint8Array([0, 9, 10, 13, 92, 255]),
    blobs: [new Uint8Array([92]), new Uint8Array([])],
    docb: { name: 'line1\nline2\t\\', nested: { list: [1, 2], flag: null } },
    docs: [{ name: '\\', nested: { list: [], flag: true } }],
    big: -9223372036854775808n,
    exact: '-0.000001',
    stamp: new Date('2001-02-03T04:05:06.789Z'),
    day: '2024-02-29',
    mood: 'so-so',
    moods: ['happy'],
    matrix: [[1, 2], [3, 4]],
    flag: true,
    double: -0,
  }

  it('copies every type exactly, from an iterable and from an async iterable', async () => {
    const rows: NewSample[] = [tricky, { ...tricky, text: null, bytes: null, docb: null, texts: [] }]
    expect(await samples.samples.copyFrom(rows)).toBe(2)
    async function* generate() {
      for (let i = 0; i < 3; i++) yield { ...tricky, int: i }
    }
    expect(await samples.samples.copyFrom(generate())).toBe(3)
    const read = await samples.samples.findMany({ orderBy: { id: 'asc' } })
    expect(read).toHaveLength(5)
    for (const [key, value] of Object.entries(tricky)) expect(read[0]![key as keyof NewSample], key).toEqual(value)
    expect(Object.is(read[0]!.double, -0)).toBe(true)
    expect(read[1]).toMatchObject({ text: null, bytes: null, docb: null, texts: [] })
    expect(read.slice(2).map((r) => r.int)).toEqual([0, 1, 2])
  })

  it('a bad row (or a server error) writes nothing', async () => {
    async function* rows() {
      yield { text: 'fine' }
      yield { text: 'also fine' }
      yield { text: 'x', small: 1e6 } as NewSample
    }
    const error = (await samples.samples.copyFrom(rows()).catch((e: unknown) => e)) as ValidationError
    expect(error).toBeInstanceOf(ValidationError)
    expect(error.issues[0]!.path).toBe('[2].small')
    expect(await samples.samples.count()).toBe(0)
    await expect(samples.samples.copyFrom([{ text: 'a' }, { int: 1 }])).rejects.toThrow(/\[1\]: gives the columns int, but the first row gave text/)
    const [row] = await samples.samples.insertMany([{ text: 'exists' }])
    const duplicate = await samples.samples.copyFrom([{ id: 999n, text: 'a' }, { id: row!.id, text: 'dup' }]).catch((e: unknown) => e)
    expect(duplicate).toBeInstanceOf(UniqueViolationError)
    expect(await samples.samples.count()).toBe(1)
    // The connection is fine afterwards.
    expect(await samples.samples.copyFrom([{ text: 'after' }])).toBe(1)
  })

  it('copyTo streams the matching rows out as COPY text or CSV, values inlined safely', async () => {
    await samples.samples.insertMany([{ text: "it's\ta tab", int: 1 }, { text: 'plain', int: 2 }, { text: 'other', int: 3 }])
    let text = ''
    for await (const chunk of samples.samples.copyTo({ where: { text: { in: ["it's\ta tab", 'plain'] } }, select: ['int', 'text'], orderBy: { int: 'asc' } })) text += chunk
    expect(text).toBe("1\tit's\\ta tab\n2\tplain\n")
    let csv = ''
    for await (const chunk of samples.samples.copyTo({ where: { int: { gt: 2 } }, select: ['int', 'text'], format: 'csv' })) csv += chunk
    expect(csv).toBe('int,text\n3,other\n')
    // The export's columns are in the order select lists them.
    csv = ''
    for await (const chunk of samples.samples.copyTo({ where: { int: { gt: 2 } }, select: ['text', 'int'], format: 'csv' })) csv += chunk
    expect(csv).toBe('text,int\nother,3\n')
    // Stopping early still leaves the connection usable.
    for await (const chunk of samples.samples.copyTo()) {
      void chunk
      break
    }
    expect(await samples.samples.count()).toBe(3)
  })
})

describe('locking', () => {
  it('forUpdate with skipLocked skips rows another transaction holds; noWait fails at once', async () => {
    await db.genres.insertMany([{ name: 'a' }, { name: 'b' }, { name: 'c' }])
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    let locked!: () => void
    const lockedNow = new Promise<void>((resolve) => (locked = resolve))
    const holder = db.transaction(async (tx) => {
      await tx.genres.findMany({ where: { name: 'a' }, lock: 'forUpdate' })
      locked()
      await held
    })
    await lockedNow
    const free = await db.transaction((tx) => tx.genres.findMany({ lock: 'forUpdate', skipLocked: true, orderBy: { name: 'asc' } }))
    expect(free.map((g) => g.name)).toEqual(['b', 'c'])
    const error = await db.transaction((tx) => tx.genres.findOne({ where: { name: 'a' }, lock: 'forUpdate', noWait: true })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LockNotAvailableError)
    expect(error).toMatchObject({ code: '55P03' })
    release()
    await holder
  })
})

describe('metrics', () => {
  it('counts statements and errors, estimates latency percentiles, and reports the pool', async () => {
    const local = createDb({ url: database.url, max: 2 })
    try {
      for (let i = 0; i < 20; i++) await local.genres.count()
      await local.sql`select pg_sleep(0.05)`
      await local.sql`select 1/0`.catch(() => undefined)
      const m = local.metrics()
      expect(m.queries).toBe(22)
      expect(m.errors).toBe(1)
      expect(m.latency.p50).toBeGreaterThan(0)
      expect(m.latency.p999).toBeGreaterThanOrEqual(45)
      expect(m.latency.p50).toBeLessThan(m.latency.p999)
      expect(m.pool.total).toBeGreaterThanOrEqual(1)
      expect(m.pool.total).toBeLessThanOrEqual(2)
      expect(m.pool.idle).toBe(m.pool.total)
      expect(m.pool.waiting).toBe(0)
      const text = local.metricsText()
      expect(text).toContain('# TYPE dbridge_queries_total counter\ndbridge_queries_total 22\n')
      expect(text).toContain('dbridge_query_errors_total 1\n')
      expect(text).toMatch(/dbridge_query_duration_seconds\{quantile="0\.99"\} 0\.\d+/)
      expect(text).toMatch(/dbridge_pool_connections\{state="total"\} [12]\n/)
    } finally {
      await local.close()
    }
  })

  it('statements over slowQueryMs go to onSlowQuery', async () => {
    const slow: QueryEvent[] = []
    const local = createDb({ url: database.url, slowQueryMs: 40, onSlowQuery: (e) => slow.push(e) })
    try {
      await local.sql`select pg_sleep(0.08)`
      await local.genres.count()
      expect(slow).toHaveLength(1)
      expect(slow[0]!.sql).toContain('pg_sleep')
      expect(slow[0]!.durationMs).toBeGreaterThanOrEqual(40)
    } finally {
      await local.close()
    }
  })
})

describe('scoped (row-level security)', () => {
  const role = `dbridge_rls_${randomBytes(4).toString('hex')}`
  beforeAll(async () => {
    const admin = createRawDb({ url: database.url, max: 1 })
    await admin.sql`${sql.raw(`
      CREATE ROLE ${role} NOLOGIN;
      CREATE TABLE notes (id serial PRIMARY KEY, owner int NOT NULL, body text NOT NULL);
      INSERT INTO notes (owner, body) VALUES (1, 'one a'), (1, 'one b'), (2, 'two');
      ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
      CREATE POLICY own_notes ON notes USING (owner = current_setting('app.user_id')::int);
      GRANT SELECT ON notes TO ${role};`)}`
    await admin.close()
  })
  afterAll(async () => {
    const admin = createRawDb({ url: database.url, max: 1 })
    await admin.sql`${sql.raw(`DROP TABLE notes; DROP OWNED BY ${role}; DROP ROLE ${role};`)}`
    await admin.close()
  })

  it('the same query sees only the scoped user rows, and nothing leaks to the next user of the connection', async () => {
    const single = createDb({ url: database.url, max: 1 })
    try {
      const query = 'select body from notes order by id'
      const one = await single.scoped({ role, settings: { 'app.user_id': 1 } }, (tx) => tx.sql`${sql.raw(query)}`)
      expect(one).toEqual([{ body: 'one a' }, { body: 'one b' }])
      const two = await single.scoped({ role, settings: { 'app.user_id': '2' } }, (tx) => tx.sql`${sql.raw(query)}`)
      expect(two).toEqual([{ body: 'two' }])
      // Same (only) connection afterwards: back to the login role, no setting left.
      const [after] = await single.sql<{ user: string; setting: string | null }>`select current_user as user, current_setting('app.user_id', true) as setting`
      expect(after!.user).not.toBe(role)
      expect(after!.setting === null || after!.setting === '').toBe(true)
      await expect(single.scoped({ role: 'no_such_role_here' }, (tx) => tx.genres.count())).rejects.toBeInstanceOf(DbError)
      await expect(single.scoped({ settings: { 'bad name;': 'x' } }, (tx) => tx.genres.count())).rejects.toThrow(/is not a setting name/)
      await expect(single.transaction((tx) => tx.scoped({ role }, () => 1))).rejects.toThrow(/starts its own transaction/)
    } finally {
      await single.close()
    }
  })
})
