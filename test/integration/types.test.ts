/** Every column type round-trips with its exact runtime type (fixture: test/fixtures/all-types). */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createDb, type Db, type NewSample } from '../fixtures/all-types/generated/index.js'
import { ValidationError } from '../../runtime/index.js'
import { createTestDatabase, readSchemaSql, type TestDatabase } from '../support/database.js'

let database: TestDatabase
let db: Db

beforeAll(async () => {
  database = await createTestDatabase(readSchemaSql('../fixtures/all-types/generated/schema.sql'))
  db = createDb({ url: database.url, max: 2 })
})
afterAll(async () => {
  await db?.close()
  await database?.drop()
})
beforeEach(async () => {
  await db.sql`TRUNCATE samples, defaults, holders`
})

const payload = { name: 'p "q" \\ r', nested: { list: [1, 2.5, -3], flag: null } }

const full: NewSample = {
  small: -32768,
  int: 2147483647,
  big: 9223372036854775807n,
  real: 1.5,
  double: 0.1 + 0.2,
  exact: '12345678901234.123456',
  anyNumeric: '3.14159265358979323846264338327950288419716939937510',
  flag: false,
  text: 'tab\there\nnewline \\ backslash "quotes" \'single\' ünïcödé 🚀 {braces} NULL',
  code: 'ABC-123',
  fixed: 'xyz',
  uid: '123e4567-e89b-12d3-a456-426614174000',
  day: '2024-02-29',
  clock: '13:45:10.5',
  stamp: new Date('2024-05-06T07:08:09.123Z'),
  stampTz: new Date('1999-12-31T23:59:59.999Z'),
  span: '1 day 02:03:04',
  doc: { a: 1, b: ['x', 'y'] },
  docb: payload,
  bytes: new Uint8Array([0, 1, 127, 128, 255]),
  address: '192.168.0.1/24',
  ci: 'MiXeD',
  mood: 'so-so',
  ints: [1, -2, 2147483647],
  bigs: [-9223372036854775808n, 0n, 42n],
  numerics: ['0.1', '100000000000000000000.000000000001', '-5'],
  doubles: [1.25, -0, 1e300],
  flags: [true, false],
  texts: ['a', 'b,c', 'd"e', 'f\\g', '', ' padded ', 'NULL', '{x}'],
  days: ['2000-01-01', '1970-01-01'],
  stamps: [new Date('2001-02-03T04:05:06.007Z')],
  uids: ['00000000-0000-0000-0000-000000000000'],
  blobs: [new Uint8Array([1, 2]), new Uint8Array([])],
  docs: [payload, { name: 'second', nested: { list: [], flag: true } }],
  moods: ['happy', 'sad'],
  matrix: [
    [1, 2],
    [3, 4],
  ],
}

function expectRow(row: object, input: object) {
  const actual = row as Record<string, unknown>
  for (const [key, value] of Object.entries(input)) {
    if (key === 'doubles') {
      expect(actual[key]).toEqual(value)
      expect(Object.is((actual[key] as number[])[1], -0)).toBe(true)
    } else expect(actual[key], key).toEqual(value)
  }
}

describe('type round trips', () => {
  it('insert and read back every type with the exact runtime types', async () => {
    const inserted = await db.samples.insert(full)
    expectRow(inserted, full)
    const read = await db.samples.findById(inserted.id)
    expect(read).toEqual(inserted)
    expect(typeof read!.big).toBe('bigint')
    expect(read!.bytes).toBeInstanceOf(Uint8Array)
    expect(read!.bytes!.constructor).toBe(Uint8Array)
    expect(read!.stamp).toBeInstanceOf(Date)
    expect(read!.stamps![0]).toBeInstanceOf(Date)
    expect(typeof read!.bigs![0]).toBe('bigint')
    expect(read!.blobs![0]).toBeInstanceOf(Uint8Array)
  })

  it('nulls everywhere', async () => {
    const row = await db.samples.insert({})
    for (const [key, value] of Object.entries(row)) if (key !== 'id') expect(value, key).toBeNull()
  })

  it('insertMany (unnest) gives the same values as insert', async () => {
    const rows = await db.samples.insertMany([full, {}, { ...full, texts: [], matrix: [] }])
    expectRow(rows[0]!, full)
    expect(rows[1]!.text).toBeNull()
    expect(rows[2]!.texts).toEqual([])
    // Rows that give different columns go in separate statements, so ids follow groups, not input order.
    const read = await db.samples.findMany({ orderBy: { id: 'asc' } })
    expect(read).toEqual([...rows].sort((a, b) => (a.id < b.id ? -1 : 1)))
  })

  it('update sets every type', async () => {
    const { id } = await db.samples.insert({})
    const { ...set } = full
    const [row] = await db.samples.update({ where: { id }, set })
    expectRow(row!, full)
  })

  it('where equality works for every comparable type', async () => {
    const { id } = await db.samples.insert(full)
    // json has no equality in PostgreSQL; jsonb takes { eq } (a plain object is an operator object).
    const keys = Object.keys(full).filter((k) => k !== 'doc') as (keyof typeof full)[]
    for (const key of keys) {
      const value = full[key]
      const where = { [key]: key === 'docb' ? { eq: value } : value } as never
      expect(await db.samples.count({ where }), key).toBe(1)
      expect(await db.samples.count({ where: { [key]: { ne: value } } as never }), key).toBe(0)
    }
    expect(await db.samples.count({ where: { id, ci: 'mixed' } })).toBe(1)
    expect(await db.samples.count({ where: { big: { in: [9223372036854775807n, 1n] } } })).toBe(1)
    expect(await db.samples.count({ where: { stampTz: { gte: new Date('1999-12-31T23:59:59.999Z') } } })).toBe(1)
    expect(await db.samples.count({ where: { moods: { has: 'sad' } } })).toBe(1)
    expect(await db.samples.count({ where: { numerics: { has: '-5' } } })).toBe(1)
  })

  it('floats keep NaN and infinities', async () => {
    const row = await db.samples.insert({ double: Number.NaN, doubles: [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY] })
    expect(row.double).toBeNaN()
    expect(row.doubles).toEqual([Infinity, -Infinity])
  })

  it('timestamps without time zone are read and written as UTC whatever the session time zone', async () => {
    const stamp = new Date('2024-05-06T07:08:09.123Z')
    const row = await db.transaction(async (tx) => {
      await tx.sql`SET LOCAL TimeZone = 'America/New_York'`
      return tx.samples.insert({ stamp, stampTz: stamp })
    })
    expect(row.stamp).toEqual(stamp)
    expect(row.stampTz).toEqual(stamp)
    const [raw] = await db.sql`select stamp::text as stamp from samples where id = ${row.id}`
    expect(raw!.stamp).toBe('2024-05-06 07:08:09.123')
  })

  it('timestamps of years 1 to 99, past 9999 and BC read back exactly: as columns, nested in JSON and through db.sql', async () => {
    const instants = ['0001-01-01T00:00:00.000Z', '0099-12-31T23:59:59.999Z', '0050-06-01T12:00:00.123Z', '+010000-01-01T00:00:00.000Z', '-000043-03-15T12:00:00.001Z'].map((s) => new Date(s))
    for (const at of instants) {
      const sample = await db.samples.insert({ stamp: at, stampTz: at, stamps: [at] })
      expect([sample.stamp, sample.stampTz, sample.stamps![0]].map((d) => d!.toISOString())).toEqual(Array(3).fill(at.toISOString()))
      const holder = await db.holders.insert({ sampleId: sample.id })
      const nested = await db.holders.findById(holder.id, { with: { sample: true } })
      expect([nested!.sample.stamp, nested!.sample.stampTz, nested!.sample.stamps![0]].map((d) => d!.toISOString())).toEqual(Array(3).fill(at.toISOString()))
      const [raw] = await db.sql<{ at: Date }>`select ${at}::timestamptz as at`
      expect(raw!.at.toISOString()).toBe(at.toISOString())
    }
  })

  it('bytea reads the same in the escape output format as in hex', async () => {
    const every = new Uint8Array(256).map((_, i) => i)
    const row = await db.samples.insert({ bytes: every, blobs: [every, new Uint8Array([92, 92, 0])] })
    const read = await db.transaction(async (tx) => {
      await tx.sql`SET LOCAL bytea_output = 'escape'`
      const [{ format }] = (await tx.sql<{ format: string }>`select current_setting('bytea_output') as format`) as [{ format: string }]
      expect(format).toBe('escape')
      return tx.samples.findById(row.id)
    })
    expect(read!.bytes).toEqual(every)
    expect(read!.blobs).toEqual([every, new Uint8Array([92, 92, 0])])
  })

  it('dates never shift with the time zone', async () => {
    const row = await db.samples.insert({ day: '1970-01-01', days: ['0001-01-01', '2038-01-19'] })
    expect(row.day).toBe('1970-01-01')
    expect(row.days).toEqual(['0001-01-01', '2038-01-19'])
  })

  it('defaults of every kind are filled in', async () => {
    const row = await db.defaults.insert({})
    expect(row).toMatchObject({
      count: -1,
      big: 9007199254740993n,
      price: '12.50',
      ratio: 0.5,
      on: true,
      label: "it's",
      mood: 'so-so',
      tags: ['a', 'b c'],
      payload: { name: 'x', nested: { list: [1], flag: null } },
      day: '2024-02-29',
      fixedAt: new Date('2020-01-02T03:04:05.678Z'),
      bytes: new Uint8Array([0, 255]),
    })
    expect(row.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(row.at).toBeInstanceOf(Date)
  })

  it('db.sql decodes results by type', async () => {
    await db.samples.insert(full)
    const [row] = await db.sql`select big, exact, flag, stamp_tz, bytes, docb, bigs, numerics, day, ints, moods from samples`
    expect(row).toEqual({
      big: full.big,
      exact: full.exact,
      flag: full.flag,
      stamp_tz: full.stampTz,
      bytes: full.bytes,
      docb: full.docb,
      bigs: full.bigs,
      numerics: full.numerics,
      day: full.day,
      ints: full.ints,
      // enum arrays have no fixed type OID: their elements stay text
      moods: ['happy', 'sad'],
    })
  })

  it('NULL elements of arrays are null, and a "NULL" string stays a string (db.sql and typed reads)', async () => {
    const [row] = await db.sql`select array['a', null, 'NULL']::text[] as texts, array[1, null]::int4[] as ints, array[null, 2]::int8[] as bigs,
      array[array[1, null], array[null, 4]]::int4[] as grid, '[0:1]={5,NULL}'::int4[] as bounded, array['happy', null]::mood[] as moods,
      array_agg(x) as agg from (values (1), (null), (3)) v(x)`
    expect(row).toEqual({ texts: ['a', null, 'NULL'], ints: [1, null], bigs: [null, 2n], grid: [[1, null], [null, 4]], bounded: [5, null], moods: ['happy', null], agg: [1, null, 3] })
    // Written by some other client: the typed read gives null for the element, never NaN or 'NULL'.
    const { id } = await db.samples.insert({})
    await db.sql`update samples set ints = array[7, null], texts = array[null, 'NULL'] where id = ${id}`
    const typed = await db.samples.findById(id)
    expect(typed?.ints).toEqual([7, null])
    expect(typed?.texts).toEqual([null, 'NULL'])
  })

  it('db.sql sends values of every JavaScript type as parameters', async () => {
    const [row] = await db.sql`select ${1n}::int8 as a, ${2.5}::float8 as b, ${true}::bool as c, ${new Date('2020-01-01T00:00:00Z')}::timestamptz as d,
      ${new Uint8Array([9])}::bytea as e, ${['x', 'y"z']}::text[] as f, ${{ k: [1] }}::jsonb as g, ${null}::text as h, ${"'; drop table samples; --"}::text as i`
    expect(row).toEqual({ a: 1n, b: 2.5, c: true, d: new Date('2020-01-01T00:00:00Z'), e: new Uint8Array([9]), f: ['x', 'y"z'], g: { k: [1] }, h: null, i: "'; drop table samples; --" })
    await expect(db.sql`select ${undefined} as x`).rejects.toThrow(/\$1: is undefined/)
  })
})

describe('json and jsonb values are checked before sending', () => {
  it('accepts any JSON value at any depth, and lists every value JSON cannot carry', async () => {
    let deep: unknown = { leaf: [1, 'two', null, true, { x: 1.5 }] }
    for (let i = 0; i < 100; i++) deep = [deep]
    const row = await db.samples.insert({ docb: deep as never, docs: [{ a: 1, b: [] }, []] as never })
    expect(row.docb).toEqual(deep)
    class Point {
      x = 1
    }
    const bad = [
      { docb: { when: new Date(0) } },
      { docb: [1, Number.NaN] },
      { docb: { n: 1n } },
      { docb: { f: () => 1 } },
      { docb: { u: undefined } },
      { docb: new Point() },
      { docs: [{ ok: 1 }, Symbol('s')] },
    ]
    for (const values of bad) {
      const error = await db.samples.insert(values as never).catch((e: unknown) => e)
      expect(error, JSON.stringify(Object.keys(values))).toBeInstanceOf(ValidationError)
      expect((error as ValidationError).issues[0]!.message).toMatch(/JSON value/)
    }
    expect(await db.samples.count()).toBe(1)
  })
})

describe('bounds on numbers', () => {
  it('floats, bigints and numerics outside their min/max are rejected before sending, each named', async () => {
    await db.sql`TRUNCATE bounded`
    const ok = await db.bounded.insert({ id: 1, ratio: 0.5, share: -1, big: 1000n, amount: '-10.00', ratios: [0, -5] })
    expect(ok).toMatchObject({ ratio: 0.5, share: -1, big: 1000n, amount: '-10.00', ratios: [0, -5] })
    expect((await db.bounded.insert({ id: 2, ratio: 1e21, big: 2_500_000_000_000_000_000n, amount: '10' })).big).toBe(2_500_000_000_000_000_000n)
    const error = await db.bounded
      .insert({ id: 3, ratio: 0.25, share: -1.5, big: 999n, amount: '10.01', ratios: [1, 2, 3] })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    const issues = Object.fromEntries((error as ValidationError).issues.map((issue) => [issue.path, issue.message]))
    expect(issues).toEqual({
      ratio: 'must be at least 0.5',
      share: 'must be at least -1',
      big: expect.stringMatching(/1000/),
      amount: 'must be at most 10',
      ratios: expect.stringMatching(/2/),
    })
    expect(await db.bounded.count()).toBe(2)
    // Above the max of a bigint bound written with an exponent (2.5e18).
    await expect(db.bounded.insert({ id: 4, big: 2_500_000_000_000_000_001n })).rejects.toBeInstanceOf(ValidationError)
  })
})
