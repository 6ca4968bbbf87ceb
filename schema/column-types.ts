/**
 * Every column type of the schema DSL, one row each: the PostgreSQL type the runtime
 * handles it as, how DDL spells it, its TypeScript type, its zod schema, and the runtime
 * functions generated decoders call for it. The emitters, normalize, validation, the
 * migration differ and introspection all read this table; adding a column type is a row
 * here and a row in the runtime's table (runtime/types.ts).
 */
import { quoteIdent } from '../runtime/sql.js'
import { pgTypes, type PgType, type PgTypeName } from '../runtime/types.js'
import type { ColumnTypeName } from './dsl.js'
import type { ColumnType } from './model.js'

export interface ColumnTypeRow {
  /** The PostgreSQL type the runtime encodes and decodes it as (runtime/types.ts). */
  readonly pg: PgTypeName
  /** DDL without parameters (numeric, varchar and char add theirs; an enum is its own name). */
  readonly ddl: string
  /**
   * The TypeScript type of a value. json and jsonb take the type declared in the schema,
   * an enum the union of its values: for them this is only the fallback.
   */
  readonly ts: string
  /** The zod schema of a value, before validators; numeric, floats, text, json and enums are parametric (emit). */
  readonly zod: string
  /** The runtime function a generated decoder calls on a value's text; none: the text is the value. */
  readonly decoder?: string
  /** The runtime function a generated JSON decoder calls on a nested row's value; none: the JSON value is it. */
  readonly jsonDecoder?: string
  /** serial types: the integer type the column stores (its default is the next value of a sequence it owns). */
  readonly serialOf?: 'integer' | 'bigint'
  /** Integer types: a wider one holds every value of a narrower one. */
  readonly integerRank?: number
  /** What `.min()`, `.max()` and `.length()` bound: the value (numbers) or the length (text). */
  readonly measure?: 'value' | 'length'
}

const int = (pg: 'int2' | 'int4', ddl: string, zod: string, rank: number): ColumnTypeRow => ({
  pg,
  ddl,
  ts: 'number',
  zod,
  decoder: 'decodeInt',
  integerRank: rank,
  measure: 'value',
})
const int8 = (ddl: string): ColumnTypeRow => ({ pg: 'int8', ddl, ts: 'bigint', zod: 'z.int64()', decoder: 'decodeBigint', jsonDecoder: 'jsonBigint', integerRank: 3, measure: 'value' })
const float = (pg: 'float4' | 'float8', ddl: string): ColumnTypeRow => ({ pg, ddl, ts: 'number', zod: 'floatValue()', decoder: 'decodeFloat', jsonDecoder: 'jsonFloat', measure: 'value' })
const text = (pg: PgTypeName, ddl: string): ColumnTypeRow => ({ pg, ddl, ts: 'string', zod: 'z.string()', measure: 'length' })
const plain = (pg: PgTypeName, ddl: string, zod = 'z.string()'): ColumnTypeRow => ({ pg, ddl, ts: 'string', zod })

export const columnTypes: Readonly<Record<ColumnTypeName, ColumnTypeRow>> = {
  smallint: int('int2', 'smallint', 'z.int().min(-32768).max(32767)', 1),
  integer: int('int4', 'integer', 'z.int32()', 2),
  serial: { ...int('int4', 'serial', 'z.int32()', 2), serialOf: 'integer' },
  bigint: int8('bigint'),
  bigserial: { ...int8('bigserial'), serialOf: 'bigint' },
  real: float('float4', 'real'),
  doublePrecision: float('float8', 'double precision'),
  numeric: { pg: 'numeric', ddl: 'numeric', ts: 'string', zod: 'decimalString()', measure: 'value' },
  boolean: { pg: 'bool', ddl: 'boolean', ts: 'boolean', zod: 'z.boolean()', decoder: 'decodeBool' },
  text: text('text', 'text'),
  varchar: text('varchar', 'varchar'),
  char: text('bpchar', 'char'),
  citext: text('citext', 'citext'),
  uuid: plain('uuid', 'uuid', 'z.guid()'),
  date: plain('date', 'date', 'z.iso.date()'),
  time: plain('time', 'time'),
  interval: plain('interval', 'interval'),
  inet: plain('inet', 'inet'),
  timestamp: { pg: 'timestamp', ddl: 'timestamp', ts: 'Date', zod: 'z.date()', decoder: 'decodeTimestamp', jsonDecoder: 'jsonTimestamp' },
  timestamptz: { pg: 'timestamptz', ddl: 'timestamptz', ts: 'Date', zod: 'z.date()', decoder: 'decodeTimestamptz', jsonDecoder: 'jsonTimestamptz' },
  json: { pg: 'json', ddl: 'json', ts: 'unknown', zod: 'jsonValue', decoder: 'decodeJson' },
  jsonb: { pg: 'jsonb', ddl: 'jsonb', ts: 'unknown', zod: 'jsonValue', decoder: 'decodeJson' },
  bytea: { pg: 'bytea', ddl: 'bytea', ts: 'Uint8Array', zod: 'z.instanceof(Uint8Array)', decoder: 'decodeBytea', jsonDecoder: 'jsonBytea' },
  enum: { pg: 'enum', ddl: 'enum', ts: 'string', zod: 'z.string()' },
}

/** The runtime's name for a column type (drives encoding, decoding and casts). */
export function pgTypeOf(name: ColumnTypeName): PgTypeName {
  return columnTypes[name].pg
}

/** The DSL type of a PostgreSQL type as introspection finds it (serial is found by its default). */
export const columnTypeOfPg: Readonly<Partial<Record<string, ColumnTypeName>>> = Object.fromEntries(
  (Object.entries(columnTypes) as [ColumnTypeName, ColumnTypeRow][]).filter(([name, row]) => !row.serialOf && name !== 'enum').map(([name, row]) => [row.pg, name]),
)

/** The type as written in DDL: `numeric(10, 2)`, `varchar(13)`, `"author_status"[]`. */
export function ddlType(type: ColumnType): string {
  let base: string
  switch (type.name) {
    case 'numeric':
      base = type.precision === null ? 'numeric' : `numeric(${type.precision}, ${type.scale ?? 0})`
      break
    case 'varchar':
      base = type.length === null ? 'varchar' : `varchar(${type.length})`
      break
    case 'char':
      base = `char(${type.length ?? 1})`
      break
    case 'enum':
      base = quoteIdent(type.enumName!)
      break
    default:
      base = columnTypes[type.name].ddl
  }
  return base + '[]'.repeat(type.dimensions)
}

/** The TypeScript scalar type of a non-enum, non-json column type. */
export function tsScalarType(name: Exclude<ColumnTypeName, 'enum' | 'json' | 'jsonb'>): string {
  return columnTypes[name].ts
}

export function isNumericType(name: ColumnTypeName): boolean {
  return columnTypes[name].measure === 'value'
}

export function isTextType(name: ColumnTypeName): boolean {
  return columnTypes[name].measure === 'length'
}

/** The TypeScript type of a value of each type PostgreSQL gives sums and averages in. */
const aggregateTs: Readonly<Record<NonNullable<PgType['sum'] | PgType['avg']>, string>> = { int8: 'bigint', numeric: 'string', float4: 'number', float8: 'number' }

/**
 * The TypeScript types of `sum()` and `avg()` of a column (PostgreSQL's result types, from
 * the runtime's table: sum of int4 is int8, so bigint); undefined for what is not a number.
 */
export function aggregateTsTypes(type: ColumnType): { sum: string; avg: string } | undefined {
  const row: PgType = pgTypes[columnTypes[type.name].pg]
  if (type.dimensions > 0 || row.sum === undefined || row.avg === undefined) return undefined
  return { sum: aggregateTs[row.sum], avg: aggregateTs[row.avg] }
}

/** Whether `min()` and `max()` of a column exist (the runtime's rule, runtime/meta.ts). */
export function hasMinMax(type: ColumnType): boolean {
  const row: PgType = pgTypes[columnTypes[type.name].pg]
  return type.dimensions === 0 && row.noMinMax !== true
}

/** serial and bigserial: an integer column whose default is the next value of a sequence it owns. */
export function isSerialType(name: ColumnTypeName): boolean {
  return columnTypes[name].serialOf !== undefined
}

/** The type a serial column stores (`serial` -> integer); other types as they are. */
export function serialStorage(type: ColumnType): ColumnType {
  const storage = columnTypes[type.name].serialOf
  return storage ? { ...type, name: storage } : type
}

/** The serial type that stores `name` (integer -> serial), for introspection. */
export function serialOf(name: ColumnTypeName): ColumnTypeName | undefined {
  return (Object.keys(columnTypes) as ColumnTypeName[]).find((candidate) => columnTypes[candidate].serialOf === name)
}

/** Whether changing a column from one type to the other keeps every value exactly. */
export function isWidening(from: ColumnType, to: ColumnType): boolean {
  if (from.dimensions !== to.dimensions) return false
  const a = from.name
  const b = to.name
  const rankA = columnTypes[a].integerRank
  const rankB = columnTypes[b].integerRank
  if (rankA !== undefined && rankB !== undefined) return rankB >= rankA
  if (rankA !== undefined && b === 'numeric') return to.precision === null || to.precision - (to.scale ?? 0) >= 19
  if (a === 'real' && b === 'doublePrecision') return true
  if ((a === 'varchar' || a === 'char') && b === 'text') return true
  if (a === 'varchar' && b === 'varchar') return to.length === null || (from.length !== null && to.length >= from.length)
  if (a === 'numeric' && b === 'numeric') {
    if (to.precision === null) return true
    if (from.precision === null) return false
    return to.scale! >= from.scale! && to.precision - to.scale! >= from.precision - from.scale!
  }
  if (a === 'json' && b === 'jsonb') return true
  if (a === 'text' && b === 'citext') return true
  return false
}
