/**
 * `dbridge`: the runtime. Generated clients (`<out>/index.ts`) export a typed `createDb`;
 * this one gives a database without table clients, for raw SQL and transactions.
 */
import { createDatabase, type Database } from './database.js'
import type { DatabaseOptions } from './options.js'

/** A database with no generated tables: `sql`, `transaction`, `close`. */
export interface RawDb extends Database<RawDb> {}

export function createDb(options?: DatabaseOptions): RawDb {
  return createDatabase<RawDb>(options, {})
}

export {
  DbError,
  UniqueViolationError,
  ForeignKeyViolationError,
  NotNullViolationError,
  CheckViolationError,
  SerializationError,
  DeadlockError,
  LockNotAvailableError,
  TimeoutError,
  ConnectionError,
  ValidationError,
  NotFoundError,
  ConfigError,
} from './errors.js'
export type { ValidationIssue } from './errors.js'
export { sql, SqlFragment } from './sql.js'
export type { Database, TransactionOptions, Isolation, SqlRow, ScopeOptions } from './database.js'
export type { Metrics, PoolFigures } from './metrics.js'
export type { DatabaseOptions, QueryEvent } from './options.js'
export { redactUrl } from './url-secrets.js'
export type { Query, Statement } from './query.js'
export type {
  TableClient,
  TableTypes,
  FindManyArgs,
  FindOneArgs,
  FindByIdOptions,
  UpsertOptions,
  UpdateArgs,
  DeleteArgs,
  NumericChange,
  SortDirection,
  LockMode,
  Selected,
  StreamArgs,
  CopyToArgs,
  With,
  Loaded,
  WithResult,
  RelationOptions,
  OneRelation,
  ManyRelation,
  ManyToManyRelation,
  OneFilter,
  ManyFilter,
} from './client/types.js'
export type {
  ComparableFilter,
  TextFilter,
  ArrayFilter,
  JsonbFilter,
  JsonFilter,
  EqualityFilter,
  JsonbChange,
  ArrayChange,
  JsonPathFilter,
} from './filters.js'
