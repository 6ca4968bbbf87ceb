/**
 * Column types of the schema DSL: `t.integer()`, `t.text()`, ... with their modifiers
 * (`.nullable()`, `.default()`, `.references()`, validators), and `enumType`.
 */
import { isSqlFragment, SqlFragment } from '../runtime/sql.js'
// A type-only cycle: a column's binding names its table.
import type { AnyTable } from './dsl.js'

export const tableBrand = Symbol.for('dbridge.table')
export const enumBrand = Symbol.for('dbridge.enum')
export const manyToManyBrand = Symbol.for('dbridge.manyToMany')

export type ReferentialAction = 'cascade' | 'restrict' | 'set null' | 'set default' | 'no action'

export interface ReferenceOptions {
  onDelete?: ReferentialAction
  onUpdate?: ReferentialAction
  /** The relation's name on the referencing table (default: the column name without `Id`). */
  name?: string
  /** The relation's name on the referenced table (default: the referencing table's export name). */
  inverse?: string
  /** The SQL constraint name (default: `<table>_<columns>_fkey`). */
  constraintName?: string
}

/** The column types of the DSL, by the name of their `t.*` function. */
export type ColumnTypeName =
  | 'smallint'
  | 'integer'
  | 'bigint'
  | 'serial'
  | 'bigserial'
  | 'real'
  | 'doublePrecision'
  | 'numeric'
  | 'boolean'
  | 'text'
  | 'varchar'
  | 'char'
  | 'uuid'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'timestamptz'
  | 'interval'
  | 'json'
  | 'jsonb'
  | 'bytea'
  | 'inet'
  | 'citext'
  | 'enum'

export interface Validators {
  min?: number | bigint | string
  max?: number | bigint | string
  minLength?: number
  maxLength?: number
  email?: boolean
  url?: boolean
  regex?: RegExp
}

export type ColumnDefault =
  | { kind: 'value'; value: unknown }
  | { kind: 'sql'; sql: SqlFragment }

/** Everything a column builder has been told, as plain data. */
export interface ColumnDefinition {
  readonly type: ColumnTypeName
  readonly length?: number
  readonly precision?: number
  readonly scale?: number
  readonly enumType?: EnumType
  readonly dimensions: number
  readonly nullable: boolean
  readonly primaryKey: boolean
  readonly unique: boolean
  readonly default?: ColumnDefault
  readonly references?: { readonly target: () => AnyColumn; readonly options: ReferenceOptions }
  readonly checks: readonly SqlFragment[]
  readonly dbName?: string
  readonly validators: Validators
}

/** Where a column sits once `table()` has bound it. */
export interface ColumnBinding {
  readonly table: AnyTable
  readonly key: string
}

/**
 * A column. `T` is its TypeScript value type (without null); `N` says whether it is nullable.
 * Every modifier returns a new column, so a column can be shared between tables.
 */
export class Column<T = unknown, N extends boolean = boolean> {
  declare readonly __value: T
  declare readonly __nullable: N

  constructor(
    readonly definition: ColumnDefinition,
    readonly binding?: ColumnBinding,
  ) {}

  private with<U = T, M extends boolean = N>(changes: Partial<ColumnDefinition>): Column<U, M> {
    return new Column<U, M>({ ...this.definition, ...changes }, this.binding)
  }

  /** Allows NULL (columns are NOT NULL unless this is called). */
  nullable(): Column<T, true> {
    return this.with<T, true>({ nullable: true })
  }

  primaryKey(): Column<T, N> {
    return this.with({ primaryKey: true })
  }

  unique(): Column<T, N> {
    return this.with({ unique: true })
  }

  /** An array of this type (`t.text().array()` is `text[]`). Call twice for two dimensions. */
  array(): Column<T[], N> {
    return this.with<T[], N>({ dimensions: this.definition.dimensions + 1 })
  }

  /** A default value, or a SQL expression: `.default(sql\`now()\`)`. */
  default(value: (N extends true ? T | null : T) | SqlFragment): Column<T, N> {
    return this.with({ default: isSqlFragment(value) ? { kind: 'sql', sql: value } : { kind: 'value', value } })
  }

  /** `DEFAULT now()`. */
  defaultNow(): Column<T, N> {
    return this.with({ default: { kind: 'sql', sql: sqlText('now()') } })
  }

  /** `DEFAULT gen_random_uuid()`. */
  defaultRandom(): Column<T, N> {
    return this.with({ default: { kind: 'sql', sql: sqlText('gen_random_uuid()') } })
  }

  /**
   * A foreign key to another table's column. A self-reference annotates the thunk:
   * `.references((): AnyColumn => categories.id)`.
   */
  references(target: () => AnyColumn, options: ReferenceOptions = {}): Column<T, N> {
    return this.with({ references: { target, options } })
  }

  /** A CHECK constraint on this column: `.check(sql\`price >= 0\`)`. */
  check(condition: SqlFragment): Column<T, N> {
    return this.with({ checks: [...this.definition.checks, condition] })
  }

  /** The column's SQL name, when it should not follow the configured casing. */
  dbName(name: string): Column<T, N> {
    return this.with({ dbName: name })
  }

  /** Smallest allowed value (numbers) or length (text). Checked by zod and by a CHECK constraint. */
  min(value: number | bigint | string): Column<T, N> {
    return this.with({ validators: { ...this.definition.validators, min: value } })
  }

  /** Largest allowed value (numbers) or length (text). Checked by zod and by a CHECK constraint. */
  max(value: number | bigint | string): Column<T, N> {
    return this.with({ validators: { ...this.definition.validators, max: value } })
  }

  /** Allowed length of text (characters) or arrays (items): `.length(2)` or `.length({ min: 1, max: 500 })`. */
  length(length: number | { min?: number; max?: number }): Column<T, N> {
    const bounds = typeof length === 'number' ? { min: length, max: length } : length
    return this.with({
      validators: { ...this.definition.validators, minLength: bounds.min, maxLength: bounds.max },
    })
  }

  /** Must be an email address (checked by zod). */
  email(): Column<T, N> {
    return this.with({ validators: { ...this.definition.validators, email: true } })
  }

  /** Must be a URL (checked by zod). */
  url(): Column<T, N> {
    return this.with({ validators: { ...this.definition.validators, url: true } })
  }

  /** Must match the regular expression (checked by zod). */
  regex(pattern: RegExp): Column<T, N> {
    return this.with({ validators: { ...this.definition.validators, regex: pattern } })
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyColumn = Column<any, boolean>

function sqlText(text: string): SqlFragment {
  return new SqlFragment([text], [])
}

function column<T>(type: ColumnTypeName, extra: Partial<ColumnDefinition> = {}): Column<T, false> {
  return new Column<T, false>({
    type,
    dimensions: 0,
    nullable: false,
    primaryKey: false,
    unique: false,
    checks: [],
    validators: {},
    ...extra,
  })
}

/** A PostgreSQL enum type. Export it from a schema file, or use it in a column. */
export interface EnumType<V extends string = string> {
  readonly [enumBrand]: true
  readonly name: string
  readonly values: readonly V[]
}

/** `enumType('author_status', ['active', 'retired'])` creates `CREATE TYPE "author_status" AS ENUM (...)`. */
export function enumType<const V extends string>(name: string, values: readonly [V, ...V[]]): EnumType<V> {
  return Object.freeze({ [enumBrand]: true as const, name, values: Object.freeze([...values]) })
}

/** Column types. Each call starts a NOT NULL column; see the modifiers on `Column`. */
export const t = {
  smallint: () => column<number>('smallint'),
  integer: () => column<number>('integer'),
  /** 64-bit integer, a `bigint` in TypeScript. */
  bigint: () => column<bigint>('bigint'),
  serial: () => column<number>('serial'),
  bigserial: () => column<bigint>('bigserial'),
  real: () => column<number>('real'),
  doublePrecision: () => column<number>('doublePrecision'),
  /** Exact decimal, a string in TypeScript so no precision is lost. */
  numeric: (precision?: number, scale?: number) => column<string>('numeric', { precision, scale }),
  boolean: () => column<boolean>('boolean'),
  text: () => column<string>('text'),
  varchar: (length?: number) => column<string>('varchar', { length }),
  char: (length = 1) => column<string>('char', { length }),
  uuid: () => column<string>('uuid'),
  /** A calendar date, the string `'YYYY-MM-DD'` in TypeScript (no time-zone shifts). */
  date: () => column<string>('date'),
  time: () => column<string>('time'),
  timestamp: () => column<Date>('timestamp'),
  timestamptz: () => column<Date>('timestamptz'),
  interval: () => column<string>('interval'),
  /** JSON; `T` is the TypeScript type of the stored value. */
  json: <T = unknown>() => column<T>('json'),
  /** JSONB; `T` is the TypeScript type of the stored value. */
  jsonb: <T = unknown>() => column<T>('jsonb'),
  bytea: () => column<Uint8Array>('bytea'),
  inet: () => column<string>('inet'),
  /** Case-insensitive text (the `citext` extension is created by schema.sql). */
  citext: () => column<string>('citext'),
  enum: <V extends string>(type: EnumType<V>) => column<V>('enum', { enumType: type }),
}
