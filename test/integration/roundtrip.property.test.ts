/**
 * Property: every column type round-trips, with random values and the values at the edges
 * of each type, through every path a row can take: insert (RETURNING), insertMany (unnest),
 * findMany, a nested `with` (decoded from JSON), COPY and stream. Fixture:
 * test/fixtures/all-types (a nullable column of every type and arrays of them).
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db, type NewSample, type Sample } from '../fixtures/all-types/generated/index.js'
import { createTestDatabase, readSchemaSql, type TestDatabase } from '../support/database.js'

let database: TestDatabase
let db: Db

beforeAll(async () => {
  database = await createTestDatabase(readSchemaSql('../fixtures/all-types/generated/schema.sql'))
  db = createDb({ url: database.url, max: 3 })
})
afterAll(async () => {
  await db?.close()
  await database?.drop()
})

// ---------------------------------------------------------------------------------------
// Values of each type, edges first

const int2 = fc.oneof(fc.constantFrom(-32768, 32767, 0, -1), fc.integer({ min: -32768, max: 32767 }))
const int4 = fc.oneof(fc.constantFrom(-2147483648, 2147483647, 0), fc.integer())
const int8 = fc.oneof(fc.constantFrom(-(2n ** 63n), 2n ** 63n - 1n, 0n, 2n ** 53n + 1n), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }))
const float8 = fc.oneof(
  fc.constantFrom(-0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_VALUE, Number.MIN_VALUE, -Number.MAX_VALUE, 0.1 + 0.2),
  fc.double(),
)
const float4 = fc.oneof(fc.constantFrom(-0, Number.NaN, Number.POSITIVE_INFINITY, 3.4028234663852886e38, 1.401298464324817e-45), fc.float())

/** Canonical decimals (no leading zeros, no '+', no '-0'), up to 1000 digits. */
const decimal = (integerDigits: number, fractionDigits: number) =>
  fc
    .tuple(fc.boolean(), fc.stringMatching(new RegExp(`^[1-9][0-9]{0,${integerDigits - 1}}$`)), fc.option(fc.stringMatching(new RegExp(`^[0-9]{1,${fractionDigits}}$`)), { nil: undefined }))
    .map(([negative, whole, fraction]) => (negative ? '-' : '') + whole + (fraction === undefined ? '' : '.' + fraction))
const anyNumeric = fc.oneof(fc.constantFrom('0', 'NaN', 'Infinity', '-Infinity', '0.000001', '-1', '9'.repeat(1000), '1.' + '0'.repeat(999)), decimal(500, 500))

/** Whether a string holds a lone surrogate (not Unicode text): one matches \p{Cs} in a u-regex, a pair does not. */
const loneSurrogate = /\p{Cs}/u

/** Text PostgreSQL can store: any Unicode but NUL, well-formed. */
const text = fc.oneof(
  fc.constantFrom('', ' ', 'NULL', '\\N', 'a\tb\nc\r', '"{}",\\', '🚀ünï', '\u{10FFFF}'),
  fc.string({ unit: 'binary', maxLength: 60 }),
).filter((s) => !s.includes('\0') && !loneSurrogate.test(s))
const shortText = (max: number) => text.filter((s) => [...s].length <= max)

const pad = (n: number) => String(n).padStart(2, '0')
/** A calendar date in ISO form, years 1 to 9999 (what a date column's insert schema accepts). */
const date = fc.oneof(
  fc.constantFrom('0001-01-01', '9999-12-31', '2000-02-29', '1970-01-01'),
  fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`),
)
const time = fc.oneof(
  fc.constantFrom('00:00:00', '23:59:59.999999', '24:00:00', '12:00:00.5'),
  fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 999999 })).map(
    ([h, m, s, us]) => `${pad(h)}:${pad(m)}:${pad(s)}${us === 0 ? '' : '.' + String(us).padStart(6, '0').replace(/0+$/, '')}`,
  ),
)
/** Instants from 4000 BC to 200,000 AD, at millisecond precision (PostgreSQL keeps microseconds). */
const instant = fc.oneof(
  fc.constantFrom(new Date(8.64e15), new Date(-8.64e15), new Date('1970-01-01T00:00:00Z'), new Date('-000043-03-15T12:00:00.001Z')),
  fc.date({ min: new Date('-004000-01-01T00:00:00Z'), max: new Date('+200000-01-01T00:00:00Z'), noInvalidDate: true }),
)
const interval = fc.constantFrom('00:00:00', '1 day 02:03:04', '-1 years -2 mons', '3 mons 4 days 00:00:00.5', '178000000 years')
const jsonText = text.filter((s) => !s.includes('\0'))
const json = fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' }).filter((v) => !/\\u(0000|d[89a-f])/i.test(JSON.stringify(v)))
const payload = fc.record({
  name: jsonText,
  nested: fc.record({ list: fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)), { maxLength: 4 }), flag: fc.option(fc.boolean(), { nil: null }) }),
})
const bytes = fc.uint8Array({ maxLength: 300 })
const uuid = fc.uuid().map((u) => u.toLowerCase())
const mood = fc.constantFrom('happy' as const, 'sad' as const, 'so-so' as const)
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 6 })
// Array columns are T[]: their elements are never null.
const array = <T>(arb: fc.Arbitrary<T>) => nullable(fc.array(arb, { maxLength: 5 }))
const matrix = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }))
  .chain(([rows, columns]) => fc.array(fc.array(int4, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }))

const sample: fc.Arbitrary<NewSample> = fc.record({
  small: nullable(int2),
  int: nullable(int4),
  big: nullable(int8),
  real: nullable(float4),
  double: nullable(float8),
  exact: nullable(decimal(14, 6)),
  anyNumeric: nullable(anyNumeric),
  flag: nullable(fc.boolean()),
  text: nullable(text),
  code: nullable(shortText(10)),
  fixed: nullable(shortText(3)),
  uid: nullable(uuid),
  day: nullable(date),
  clock: nullable(time),
  stamp: nullable(instant),
  stampTz: nullable(instant),
  span: nullable(interval),
  doc: nullable(fc.record({ a: fc.integer(), b: fc.array(jsonText, { maxLength: 3 }) })),
  docb: nullable(payload),
  bytes: nullable(bytes),
  address: nullable(fc.ipV4()),
  ci: nullable(text),
  mood: nullable(mood),
  ints: array(int4),
  bigs: array(int8),
  numerics: array(anyNumeric),
  doubles: array(float8),
  flags: array(fc.boolean()),
  texts: array(text),
  days: array(date),
  stamps: array(instant),
  uids: array(uuid),
  blobs: array(bytes),
  docs: array(payload),
  moods: array(mood),
  matrix: nullable(matrix),
}) as fc.Arbitrary<NewSample>

// ---------------------------------------------------------------------------------------
// What PostgreSQL gives back for a value

/** numeric(20, 6) keeps six decimals. */
function scaled(value: string, scale: number): string {
  const [whole, fraction = ''] = value.split('.')
  return `${whole}.${fraction.padEnd(scale, '0')}`
}

/** The row as it must read back: what PostgreSQL does to each value, and nothing else. */
function expected(row: NewSample): Omit<Sample, 'id'> {
  const out = { ...row } as Record<string, unknown>
  // float4 keeps 24 bits: the value read back is the nearest float4.
  if (typeof row.real === 'number') out.real = Math.fround(row.real)
  if (row.exact != null) out.exact = scaled(row.exact, 6)
  // char(n) pads with blanks to n characters.
  if (row.fixed != null) out.fixed = row.fixed + ' '.repeat(3 - [...row.fixed].length)
  // Sub-millisecond precision is not in a Date; beyond PostgreSQL's range nothing is sent.
  return out as Omit<Sample, 'id'>
}

/** Compares floats by identity (NaN equals NaN; -0 is not 0), float4 by their float4 value. */
function same(actual: Omit<Sample, 'id'>, wanted: Omit<Sample, 'id'>, path: string): void {
  const a = { ...actual } as Record<string, unknown>
  const w = { ...wanted } as Record<string, unknown>
  if (typeof a.real === 'number') a.real = Math.fround(a.real)
  for (const key of ['real', 'double'] as const) {
    expect(Object.is(a[key], w[key]), `${path}.${key}: ${String(a[key])} vs ${String(w[key])}`).toBe(true)
    delete a[key]
    delete w[key]
  }
  expect(a, path).toEqual(w)
  // toEqual does not tell -0 from 0 inside arrays.
  const doubles = (actual as { doubles: (number | null)[] | null }).doubles
  const wantedDoubles = (wanted as { doubles: (number | null)[] | null }).doubles
  doubles?.forEach((d, i) => expect(Object.is(d, wantedDoubles![i]), `${path}.doubles[${i}]`).toBe(true))
}

const withoutId = ({ id: _id, ...rest }: Sample) => rest

describe('every column type round-trips', () => {
  it('through insert, insertMany, findMany, nested with, COPY and stream', async () => {
    let nextId = 1_000_000n
    await fc.assert(
      fc.asyncProperty(fc.array(sample, { minLength: 1, maxLength: 4 }), async (rows) => {
        const wanted = rows.map(expected)
        // insert, one row at a time (RETURNING decodes the text format)
        const inserted = await Promise.all(rows.map((row) => db.samples.insert(row)))
        inserted.forEach((row, i) => same(withoutId(row), wanted[i]!, `insert[${i}]`))
        // insertMany: one unnest statement
        const many = await db.samples.insertMany(rows)
        many.forEach((row, i) => same(withoutId(row), wanted[i]!, `insertMany[${i}]`))
        // findMany of what was inserted (concurrent inserts take ids in any order)
        const wantedById = new Map<bigint, Omit<Sample, 'id'>>()
        inserted.forEach((row, i) => wantedById.set(row.id, wanted[i]!))
        many.forEach((row, i) => wantedById.set(row.id, wanted[i]!))
        const ids = [...wantedById.keys()]
        const found = await db.samples.findMany({ where: { id: { in: ids } } })
        expect(found).toHaveLength(ids.length)
        for (const row of found) same(withoutId(row), wantedById.get(row.id)!, `findMany[${row.id}]`)
        // a nested with: every value decoded from JSON
        const holders = await db.holders.insertMany(ids.map((sampleId) => ({ sampleId })))
        const nested = await db.holders.findMany({ where: { id: { in: holders.map((h) => h.id) } }, with: { sample: true } })
        expect(nested).toHaveLength(ids.length)
        for (const holder of nested) same(withoutId(holder.sample), wantedById.get(holder.sampleId)!, `with.sample[${holder.sampleId}]`)
        // COPY, with ids of our own to find the rows again
        const copyIds = rows.map(() => nextId++)
        expect(await db.samples.copyFrom(rows.map((row, i) => ({ ...row, id: copyIds[i]! })))).toBe(rows.length)
        const copied = await db.samples.findMany({ where: { id: { in: copyIds } }, orderBy: { id: 'asc' } })
        copied.forEach((row, i) => same(withoutId(row), wanted[i]!, `copyFrom[${i}]`))
        // stream (a cursor, batches of 2)
        let streamed = 0
        for await (const row of db.samples.stream({ where: { id: { in: copyIds } }, orderBy: { id: 'asc' }, batchSize: 2 })) {
          same(withoutId(row), wanted[streamed]!, `stream[${streamed}]`)
          streamed++
        }
        expect(streamed).toBe(rows.length)
      }),
      { numRuns: Number(process.env.ROUNDTRIP_RUNS ?? 60) },
    )
  })
})
