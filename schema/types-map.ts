/** How each DSL column type is spelled in DDL, in casts, and in TypeScript. */
import type { PgTypeName } from '../runtime/types.js'
import type { ColumnTypeName } from './dsl.js'
import type { ColumnType } from './model.js'
import { quoteIdent } from '../runtime/sql.js'

const pgTypes: Record<ColumnTypeName, PgTypeName> = {
  smallint: 'int2',
  integer: 'int4',
  bigint: 'int8',
  serial: 'int4',
  bigserial: 'int8',
  real: 'float4',
  doublePrecision: 'float8',
  numeric: 'numeric',
  boolean: 'bool',
  text: 'text',
  varchar: 'varchar',
  char: 'bpchar',
  uuid: 'uuid',
  date: 'date',
  time: 'time',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
  interval: 'interval',
  json: 'json',
  jsonb: 'jsonb',
  bytea: 'bytea',
  inet: 'inet',
  citext: 'citext',
  enum: 'enum',
}

/** The runtime's name for a column type (drives encoding, decoding and casts). */
export function pgTypeOf(name: ColumnTypeName): PgTypeName {
  return pgTypes[name]
}

const ddlNames: Record<Exclude<ColumnTypeName, 'numeric' | 'varchar' | 'char' | 'enum'>, string> = {
  smallint: 'smallint',
  integer: 'integer',
  bigint: 'bigint',
  serial: 'serial',
  bigserial: 'bigserial',
  real: 'real',
  doublePrecision: 'double precision',
  boolean: 'boolean',
  text: 'text',
  uuid: 'uuid',
  date: 'date',
  time: 'time',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
  interval: 'interval',
  json: 'json',
  jsonb: 'jsonb',
  bytea: 'bytea',
  inet: 'inet',
  citext: 'citext',
}

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
      base = ddlNames[type.name]
  }
  return base + '[]'.repeat(type.dimensions)
}

const tsScalar: Record<Exclude<ColumnTypeName, 'enum' | 'json' | 'jsonb'>, string> = {
  smallint: 'number',
  integer: 'number',
  bigint: 'bigint',
  serial: 'number',
  bigserial: 'bigint',
  real: 'number',
  doublePrecision: 'number',
  numeric: 'string',
  boolean: 'boolean',
  text: 'string',
  varchar: 'string',
  char: 'string',
  uuid: 'string',
  date: 'string',
  time: 'string',
  timestamp: 'Date',
  timestamptz: 'Date',
  interval: 'string',
  bytea: 'Uint8Array',
  inet: 'string',
  citext: 'string',
}

/** The TypeScript scalar type of a non-enum, non-json column type. */
export function tsScalarType(name: Exclude<ColumnTypeName, 'enum' | 'json' | 'jsonb'>): string {
  return tsScalar[name]
}

export function isNumericType(name: ColumnTypeName): boolean {
  return ['smallint', 'integer', 'bigint', 'serial', 'bigserial', 'real', 'doublePrecision', 'numeric'].includes(name)
}

export function isTextType(name: ColumnTypeName): boolean {
  return ['text', 'varchar', 'char', 'citext'].includes(name)
}

/** serial and bigserial: an integer column whose default is the next value of a sequence it owns. */
export function isSerialType(name: ColumnTypeName): boolean {
  return name === 'serial' || name === 'bigserial'
}

/** The integer type a serial type stores (`serial` -> integer); other types as they are. */
export function serialStorage(type: ColumnType): ColumnType {
  return type.name === 'serial' ? { ...type, name: 'integer' } : type.name === 'bigserial' ? { ...type, name: 'bigint' } : type
}

const integerRank: Partial<Record<ColumnTypeName, number>> = { smallint: 1, integer: 2, serial: 2, bigint: 3, bigserial: 3 }

/** Whether changing a column from one type to the other keeps every value exactly. */
export function isWidening(from: ColumnType, to: ColumnType): boolean {
  if (from.dimensions !== to.dimensions) return false
  const a = from.name
  const b = to.name
  const rankA = integerRank[a]
  const rankB = integerRank[b]
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
