/**
 * `dbridge/runtime`: what generated code imports. Not meant for hand-written code; its
 * shape follows the generator.
 */
export { z } from 'zod'
export { defineTable } from './meta.js'
export { jsonValue } from './json-value.js'
export { decimalString, floatValue } from './number-values.js'
export type { TableMeta, TableSpec, ColumnSpec, RelationSpec, JsonRow } from './meta.js'
export { createDatabase } from './database.js'
export { defineSqlQuery } from './typed-sql.js'
export type { SqlQuery, SqlQueryCall, SqlQueryKind, SqlQuerySpec, SqlParameterSpec } from './typed-sql.js'
export type { Database } from './database.js'
export type { DatabaseOptions } from './options.js'
export type {
  TableClient,
  NumericChange,
  SortDirection,
  OneRelation,
  ManyRelation,
  ManyToManyRelation,
  OneFilter,
  ManyFilter,
} from './client/types.js'
export type { ComparableFilter, EqualityFilter, TextFilter, ArrayFilter, JsonbFilter, JsonFilter, JsonbChange, ArrayChange } from './filters.js'
export {
  decodeInt,
  decodeFloat,
  decodeBigint,
  decodeBool,
  decodeJson,
  decodeBytea,
  decodeTimestamp,
  decodeTimestamptz,
  decodeArray,
  decodeText,
  jsonArray,
  jsonBigint,
  jsonBytea,
  jsonFloat,
  jsonTimestamp,
  jsonTimestamptz,
} from './types.js'
export type { RawRow } from './types.js'
