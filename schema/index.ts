/** `dbridge/schema`: the DSL for `*.schema.ts` files. */
export {
  table,
  t,
  index,
  unique,
  primaryKey,
  check,
  foreignKey,
  enumType,
  manyToMany,
  Column,
  IndexExtra,
  UniqueExtra,
  PrimaryKeyExtra,
} from './dsl.js'
export type {
  AnyColumn,
  AnyTable,
  Table,
  TableOptions,
  TableExtra,
  EnumType,
  ReferenceOptions,
  ReferentialAction,
  ManyToMany,
  ManyToManyOptions,
  ColumnTypeName,
  IndexMethod,
} from './dsl.js'
export { sql } from '../runtime/sql.js'
export type { SqlFragment } from '../runtime/sql.js'
