/**
 * Every column type of the schema DSL, one row each: the PostgreSQL type the runtime
 * handles it as, how DDL spells it, its TypeScript type, its zod schema, the runtime
 * functions generated decoders call for it, and the filter and change types the generated
 * client takes for it. The emitters, normalize, validation, the migration differ and
 * introspection all read this table; adding a column type is a row here and a row in the
 * runtime's table (runtime/types.ts).
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
  /**
   * Where the TypeScript type of a value comes from when it is not `ts`: the schema's enum
   * (the union of its values) or the type argument of `json<T>()` / `jsonb<T>()`.
   */
  readonly tsFrom?: 'enum' | 'typeArgument'
  /** The filter `where` takes for a column of it (an array column takes ArrayFilter of its elements). */
  readonly filter: 'ComparableFilter' | 'EqualityFilter' | 'TextFilter' | 'JsonFilter' | 'JsonbFilter'
  /** What `update({ set })` takes besides a value: `{ increment }` / `{ decrement }`, or `{ merge }` / `{ path, value }`. */
  readonly change?: 'NumericChange' | 'JsonbChange'
  /**
   * How the zod schema takes the `.min()` / `.max()` of a number: as zod's methods (int8's
   * as bigint literals), or as options of the runtime validator that `zod` calls.
   */
  readonly zodBounds?: 'methods' | 'bigintMethods' | 'options'
  /** The type's parameters: numeric(precision, scale) (zod bounds the whole digits), varchar(n) and char(n) (a maximum length). */
  readonly parameters?: 'precision' | 'length'
  /** The length a `length` type has when none is given (PostgreSQL's char is char(1)); none: unbounded. */
  readonly defaultLength?: number
}

const number = { measure: 'value', filter: 'ComparableFilter', change: 'NumericChange' } as const
const int = (pg: 'int2' | 'int4', ddl: string, zod: string, rank: number): ColumnTypeRow => ({
  pg,
  ddl,
  ts: 'number',
  zod,
  decoder: 'decodeInt',
  integerRank: rank,
  ...number,
  zodBounds: 'methods',
})
const int8 = (ddl: string): ColumnTypeRow => ({
  pg: 'int8',
  ddl,
  ts: 'bigint',
  zod: 'z.int64()',
  decoder: 'decodeBigint',
  jsonDecoder: 'jsonBigint',
  integerRank: 3,
  ...number,
  zodBounds: 'bigintMethods',
})
const float = (pg: 'float4' | 'float8', ddl: string): ColumnTypeRow => ({
  pg,
  ddl,
  ts: 'number',
  zod: 'floatValue()',
  decoder: 'decodeFloat',
  jsonDecoder: 'jsonFloat',
  ...number,
  zodBounds: 'options',
})
const text = (pg: PgTypeName, ddl: string, parameters?: 'length'): ColumnTypeRow => ({ pg, ddl, ts: 'string', zod: 'z.string()', measure: 'length', filter: 'TextFilter', parameters })
const plain = (pg: PgTypeName, ddl: string, zod = 'z.string()'): ColumnTypeRow => ({ pg, ddl, ts: 'string', zod, filter: 'ComparableFilter' })
const json = (pg: 'json' | 'jsonb', filter: 'JsonFilter' | 'JsonbFilter', change?: 'JsonbChange'): ColumnTypeRow => ({
  pg,
  ddl: pg,
  ts: 'unknown',
  tsFrom: 'typeArgument',
  zod: 'jsonValue',
  decoder: 'decodeJson',
  filter,
  change,
})
const timestamp = (pg: 'timestamp' | 'timestamptz', decoder: string, jsonDecoder: string): ColumnTypeRow => ({
  pg,
  ddl: pg,
  ts: 'Date',
  zod: 'z.date()',
  decoder,
  jsonDecoder,
  filter: 'ComparableFilter',
})

export const columnTypes: Readonly<Record<ColumnTypeName, ColumnTypeRow>> = {
  smallint: int('int2', 'smallint', 'z.int().min(-32768).max(32767)', 1),
  integer: int('int4', 'integer', 'z.int32()', 2),
  serial: { ...int('int4', 'serial', 'z.int32()', 2), serialOf: 'integer' },
  bigint: int8('bigint'),
  bigserial: { ...int8('bigserial'), serialOf: 'bigint' },
  real: float('float4', 'real'),
  doublePrecision: float('float8', 'double precision'),
  numeric: { pg: 'numeric', ddl: 'numeric', ts: 'string', zod: 'decimalString()', ...number, zodBounds: 'options', parameters: 'precision' },
  boolean: { pg: 'bool', ddl: 'boolean', ts: 'boolean', zod: 'z.boolean()', decoder: 'decodeBool', filter: 'EqualityFilter' },
  text: text('text', 'text'),
  varchar: text('varchar', 'varchar', 'length'),
  char: { ...text('bpchar', 'char', 'length'), defaultLength: 1 },
  citext: text('citext', 'citext'),
  uuid: plain('uuid', 'uuid', 'z.guid()'),
  date: plain('date', 'date', 'z.iso.date()'),
  time: plain('time', 'time'),
  interval: plain('interval', 'interval'),
  inet: plain('inet', 'inet'),
  timestamp: timestamp('timestamp', 'decodeTimestamp', 'jsonTimestamp'),
  timestamptz: timestamp('timestamptz', 'decodeTimestamptz', 'jsonTimestamptz'),
  json: json('json', 'JsonFilter'),
  jsonb: json('jsonb', 'JsonbFilter', 'JsonbChange'),
  bytea: { pg: 'bytea', ddl: 'bytea', ts: 'Uint8Array', zod: 'z.instanceof(Uint8Array)', decoder: 'decodeBytea', jsonDecoder: 'jsonBytea', filter: 'EqualityFilter' },
  // The zod schema and the TypeScript type are the enum's: `z.enum(<its values>)`, the union of its values.
  enum: { pg: 'enum', ddl: 'enum', ts: 'string', tsFrom: 'enum', zod: 'z.string()', filter: 'ComparableFilter' },
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
  const row = columnTypes[type.name]
  const base = row.tsFrom === 'enum' ? quoteIdent(type.enumName!) : row.ddl + ddlParameters(row, type)
  return base + '[]'.repeat(type.dimensions)
}

/** `(10, 2)` of numeric(10, 2), `(13)` of varchar(13); nothing for a type without them or an unbounded one. */
function ddlParameters(row: ColumnTypeRow, type: ColumnType): string {
  if (row.parameters === 'precision') return type.precision === null ? '' : `(${type.precision}, ${type.scale ?? 0})`
  if (row.parameters === 'length') {
    const length = type.length ?? row.defaultLength
    return length === undefined || length === null ? '' : `(${length})`
  }
  return ''
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

/** Whether PostgreSQL can sort by the column (`orderBy`): json has no ordering operator. */
export function isSortable(type: ColumnType): boolean {
  const row: PgType = pgTypes[columnTypes[type.name].pg]
  return row.unsortable !== true
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
