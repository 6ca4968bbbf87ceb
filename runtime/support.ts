/**
 * `dbridge/runtime`: what generated code imports. Not meant for hand-written code; its
 * shape follows the generator.
 */
export { z } from 'zod'
export { defineTable } from './meta.js'
export type { TableMeta, TableSpec, ColumnSpec } from './meta.js'
export { createDatabase } from './database.js'
export type { Database } from './database.js'
export type { DatabaseOptions } from './options.js'
export type { TableClient, NumericChange, SortDirection } from './client.js'
export type { ComparableFilter, EqualityFilter, TextFilter, ArrayFilter, JsonbFilter, JsonFilter } from './filters.js'
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
} from './types.js'
export type { RawRow } from './types.js'
