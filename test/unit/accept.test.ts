/**
 * The plain-code check of writes (runtime/values/accept.ts) against the zod schemas it
 * stands in for: on every table of the all-types fixture (every column type, arrays, enums,
 * and a table with a rule of every kind) and the example's (email and url columns), a row
 * and a patch pass the plain check exactly when they pass zod. Values are drawn around each
 * type's edges and rules' bounds, from other types, and hostile (sparse arrays, invalid
 * dates, class instances, unknown keys).
 */
import fc from 'fast-check'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { emptyOwn, type Own } from '../../runtime/input.js'
import type { ColumnMeta, TableMeta } from '../../runtime/meta.js'

/** Every table module's metadata in a generated folder. */
async function tablesIn(dir: string): Promise<TableMeta[]> {
  const folder = fileURLToPath(new URL(dir, import.meta.url))
  const modules = readdirSync(folder).filter((f) => f.endsWith('.ts') && !['index.ts', 'enums.ts', 'queries.ts'].includes(f))
  const loaded = await Promise.all(modules.map((f) => import(pathToFileURL(join(folder, f)).href) as Promise<Record<string, unknown>>))
  return loaded.flatMap((m) => Object.values(m).filter(isTableMeta))
}

const tables = [...(await tablesIn('../fixtures/all-types/generated/')), ...(await tablesIn('../../generated/'))]

function isTableMeta(value: unknown): value is TableMeta {
  return typeof value === 'object' && value !== null && 'acceptsRow' in value && 'insertSchema' in value
}

const int64 = 2n ** 63n
const edgeNumbers = [0, -0, 1, -1, 1.5, -5, 5, 5.5, 6, -6, 32767, 32768, -32768, -32769, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 53, 2 ** 53 + 2, 1e21, 1e22, 0.5, 0.49, NaN, Infinity, -Infinity]
const edgeBigints = [0n, -1n, -2n, 999n, 1000n, 2500000000000000000n, 2500000000000000001n, int64 - 1n, int64, -int64, -int64 - 1n]
const decimals = ['0', '1', '-1', '+1', '1.', '.5', '-.5', '0.999', '1.5', '10', '10.01', '-10.01', '12345', '123456', '1234.56', '99999999', 'NaN', 'Infinity', '-Infinity', '1e5', '', ' 1', '1 ', '--1', '0x10', '١']
const texts = ['', 'a', 'ab', 'abc', 'abcd', 'abcdefgh', 'abcdefghi', 'ABC', 'a1', 'ab-', 'x@y.z', 'a@example.com', 'not an email', 'https://example.com', 'ftp://x', 'http//x', '😀', '😀😀', 'a😀', 'é', '\uD800', '\uD800\uD800', 'a\uDC00b', '\uDBFF\uDFFF\uD800', '\0', '2024-02-29', '2023-02-29', '2024-13-01', '12:30', '1 day', '10.0.0.1']
const guids = ['00000000-0000-0000-0000-000000000000', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 'a0eebc999c0b4ef8bb6d6bb9bd380a11', '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}']
const hostile: unknown[] = [null, undefined, {}, [], new Map(), new Date(Number.NaN), new Date(0), new Uint8Array([1, 2]), Buffer.from('x'), [1, 2], Object.create(null), { toString: () => 'a' }, true, false, Symbol.for('s'), () => 1, new (class Point {})()]

/** A value of the column's kind, near its type's edges and its rules' bounds. */
function scalarValue(column: ColumnMeta): fc.Arbitrary<unknown> {
  switch (column.type) {
    case 'int2':
    case 'int4':
    case 'float4':
    case 'float8':
      return fc.oneof(fc.constantFrom(...edgeNumbers), fc.integer(), fc.double())
    case 'int8':
      return fc.oneof(fc.constantFrom(...edgeBigints), fc.bigInt({ min: -int64 - 2n, max: int64 + 2n }), fc.constantFrom(1, 1000))
    case 'numeric':
      return fc.oneof(fc.constantFrom(...decimals), fc.stringMatching(/^[+-]?\d{0,7}(\.\d{0,3})?$/), fc.constant(1.5))
    case 'bool':
      return fc.oneof(fc.boolean(), fc.constantFrom(0, 'true'))
    case 'uuid':
      return fc.oneof(fc.uuid(), fc.constantFrom(...guids), fc.constantFrom(...texts))
    case 'date':
      return fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), fc.constantFrom(...texts))
    case 'timestamp':
    case 'timestamptz':
      return fc.oneof(fc.date(), fc.constantFrom('2024-01-01T00:00:00Z', 0))
    case 'json':
    case 'jsonb':
      return fc.oneof(fc.jsonValue(), fc.constantFrom({ a: undefined }, { a: NaN }, [new Date(0)], { nested: { deep: [1, { x: Infinity }] } }))
    case 'bytea':
      return fc.oneof(fc.uint8Array({ maxLength: 4 }), fc.constantFrom(Buffer.from('ab'), new Uint16Array(2), [1, 2]))
    case 'enum':
      return fc.constantFrom(...(column.enumValues ?? []), 'other', 'HAPPY')
    default:
      return fc.oneof(fc.constantFrom(...texts), fc.string({ maxLength: 10 }), fc.string({ unit: 'grapheme', maxLength: 4 }), fc.constant(5))
  }
}

function columnValue(column: ColumnMeta): fc.Arbitrary<unknown> {
  let value = scalarValue(column)
  for (let d = 0; d < column.dimensions; d++) {
    const inner = value
    value = fc.oneof(
      { weight: 4, arbitrary: fc.array(inner, { maxLength: 4 }) },
      { weight: 1, arbitrary: fc.sparseArray(inner, { maxLength: 4 }) },
      { weight: 1, arbitrary: fc.array(fc.oneof(inner, fc.constantFrom(...hostile)), { maxLength: 3 }) },
      { weight: 1, arbitrary: inner },
    )
  }
  return fc.oneof({ weight: 8, arbitrary: value }, { weight: 1, arbitrary: fc.constantFrom(...hostile) })
}

/** The column's own zod schema, which the drawing below uses to lean towards values it takes. */
function zodColumn(meta: TableMeta, column: ColumnMeta): { safeParse(value: unknown): { success: boolean } } {
  return (meta.insertSchema as unknown as { shape: Record<string, { safeParse(value: unknown): { success: boolean } }> }).shape[column.key]!
}

/**
 * A row: each column left out, null, or a value (half the time one its column's schema
 * takes, so that whole rows pass too); sometimes a key that is no column.
 */
function rowOf(meta: TableMeta): fc.Arbitrary<Own> {
  const entries = meta.columns.map((column) => {
    const taken = columnValue(column).filter((value) => value !== undefined && value !== null && zodColumn(meta, column).safeParse(value).success)
    return fc.oneof(
      { weight: 1, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constant(null) },
      { weight: 12, arbitrary: taken },
      { weight: 3, arbitrary: columnValue(column) },
    )
  })
  return fc.tuple(fc.tuple(...entries), fc.option(fc.constantFrom('extra', '__proto__', 'constructor', 'toString'), { freq: 8 })).map(([values, extra]) => {
    // A copy as the runtime makes one (undefined values left out).
    const row = emptyOwn()
    meta.columns.forEach((column, i) => {
      if (values[i] !== undefined) row[column.key] = values[i]
    })
    if (extra !== null) Object.defineProperty(row, extra, { value: 1, enumerable: true, writable: true, configurable: true })
    return row
  })
}

describe('the plain-code check of writes agrees with zod', () => {
  it('covers every column type, every kind of rule and the columns only zod checks', () => {
    const types = new Set(tables.flatMap((t) => t.columns.map((c) => c.type)))
    for (const type of ['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'bool', 'text', 'varchar', 'bpchar', 'citext', 'uuid', 'date', 'time', 'timestamp', 'timestamptz', 'interval', 'json', 'jsonb', 'bytea', 'inet', 'enum']) {
      expect(types, type).toContain(type)
    }
    const rules = new Set(tables.flatMap((t) => t.columns.flatMap((c) => Object.keys(c.rules ?? {}))))
    expect([...rules].sort()).toEqual(['maxItems', 'maxLength', 'min', 'max', 'minItems', 'minLength', 'wholeDigits', 'zodOnly'].sort())
  })

  for (const meta of tables) {
    it(`${meta.key}: a row passes exactly when zod's insert schema takes it, and a patch when its patch schema does`, () => {
      fc.assert(
        fc.property(rowOf(meta), fc.boolean(), (row, partial) => {
          const plain = meta.acceptsRow(row, partial)
          const zod = (partial ? meta.patchSchema : meta.insertSchema).safeParse(row).success
          expect(plain).toBe(zod)
        }),
        { numRuns: 600 },
      )
    })

    it(`${meta.key}: a row of values each column's schema takes passes both: the plain check is taken, not only refused`, () => {
      const entries = meta.columns.map((column) => columnValue(column).filter((value) => value !== undefined && value !== null && zodColumn(meta, column).safeParse(value).success))
      fc.assert(
        fc.property(fc.tuple(...entries), (values) => {
          const row = emptyOwn()
          meta.columns.forEach((column, i) => (row[column.key] = values[i]))
          expect(meta.insertSchema.safeParse(row).success).toBe(true)
          expect(meta.acceptsRow(row, false)).toBe(true)
          expect(meta.acceptsRow(row, true)).toBe(true)
        }),
        { numRuns: 100 },
      )
    })

    it(`${meta.key}: each column's value alone, in a patch`, () => {
      for (const column of meta.columns) {
        fc.assert(
          fc.property(columnValue(column), (value) => {
            if (value === undefined) return
            const row = emptyOwn()
            row[column.key] = value
            expect(meta.acceptsRow(row, true), `${column.key}: ${fc.stringify(value)}`).toBe(meta.patchSchema.safeParse(row).success)
          }),
          { numRuns: 300 },
        )
      }
    })
  }
})
