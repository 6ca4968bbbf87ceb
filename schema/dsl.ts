/**
 * The schema DSL: `table`, `t` (column types), `enumType`, `index`, `unique`, `primaryKey`,
 * `check` and `manyToMany`. Schema files only describe; the generator reads the objects
 * built here (see generator/normalize.ts) into the normalized schema model.
 */
import { isSqlFragment, SqlFragment } from '../runtime/sql.js'

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

// ---------------------------------------------------------------------------------------
// Table extras: composite keys, indexes and checks

export class PrimaryKeyExtra {
  readonly kind = 'primaryKey'
  constructor(
    readonly columns: readonly AnyColumn[],
    readonly constraintName?: string,
  ) {}
  /** The constraint's SQL name (default: `<table>_pkey`). */
  name(name: string): PrimaryKeyExtra {
    return new PrimaryKeyExtra(this.columns, name)
  }
}

export class UniqueExtra {
  readonly kind = 'unique'
  constructor(
    readonly columns: readonly AnyColumn[],
    readonly constraintName?: string,
  ) {}
  /** The constraint's SQL name (default: `<table>_<columns>_key`). */
  name(name: string): UniqueExtra {
    return new UniqueExtra(this.columns, name)
  }
}

export interface CheckExtra {
  readonly kind: 'check'
  readonly name: string
  readonly condition: SqlFragment
}

export type IndexMethod = 'btree' | 'hash' | 'gin' | 'gist' | 'brin'

export class IndexExtra {
  readonly kind = 'index'
  constructor(
    /** Columns, or expressions (`sql\`lower(email)\``): an expression index. */
    readonly columns: readonly (AnyColumn | SqlFragment)[],
    readonly options: {
      readonly unique?: boolean
      readonly desc?: boolean
      readonly where?: SqlFragment
      readonly name?: string
      readonly using?: IndexMethod
    } = {},
  ) {}

  unique(): IndexExtra {
    return new IndexExtra(this.columns, { ...this.options, unique: true })
  }
  /** Sorts every column of the index in descending order. */
  desc(): IndexExtra {
    return new IndexExtra(this.columns, { ...this.options, desc: true })
  }
  /** A partial index: `index(e.printedOn).where(sql\`number > 1\`)`. */
  where(condition: SqlFragment): IndexExtra {
    return new IndexExtra(this.columns, { ...this.options, where: condition })
  }
  name(name: string): IndexExtra {
    return new IndexExtra(this.columns, { ...this.options, name })
  }
  /** The index method, e.g. `gin` for array containment filters. */
  using(method: IndexMethod): IndexExtra {
    return new IndexExtra(this.columns, { ...this.options, using: method })
  }
}

/** A foreign key over several columns (`foreignKey([a, b], () => [other.a, other.b])`). */
export interface ForeignKeyExtra {
  readonly kind: 'foreignKey'
  readonly columns: readonly AnyColumn[]
  readonly references: () => readonly AnyColumn[]
  readonly options: ReferenceOptions
}

export type TableExtra = PrimaryKeyExtra | UniqueExtra | CheckExtra | IndexExtra | ForeignKeyExtra

/** A (composite) primary key: `primaryKey(e.bookId, e.number)`. */
export function primaryKey(...columns: AnyColumn[]): PrimaryKeyExtra {
  return new PrimaryKeyExtra(columns)
}

/** A (multi-column) unique constraint: `unique(e.bookId, e.printedOn)`. */
export function unique(...columns: AnyColumn[]): UniqueExtra {
  return new UniqueExtra(columns)
}

/**
 * An index on columns, or on expressions: `index(sql\`to_tsvector('english', title)\`).using('gin')`
 * is the index a full-text `search` with the 'english' configuration uses.
 */
export function index(...columns: (AnyColumn | SqlFragment)[]): IndexExtra {
  return new IndexExtra(columns)
}

/**
 * A composite foreign key: `foreignKey([i.bookId, i.edition], () => [editions.bookId, editions.number])`.
 * The relation's name defaults to the singular of the referenced table's export name.
 */
export function foreignKey(columns: readonly AnyColumn[], references: () => readonly AnyColumn[], options: ReferenceOptions = {}): ForeignKeyExtra {
  return { kind: 'foreignKey', columns, references, options }
}

export function check(name: string, condition: SqlFragment): CheckExtra {
  return { kind: 'check', name, condition }
}

// ---------------------------------------------------------------------------------------
// Tables

export interface TableOptions {
  /** The row type's name (default: PascalCase singular of the export name). */
  typeName?: string
}

export interface TableDefinition {
  readonly name: string
  readonly columns: Readonly<Record<string, AnyColumn>>
  readonly extras?: (columns: never) => readonly TableExtra[]
  readonly options: TableOptions
  /** Set when the columns object was built with a `__proto__` key (which JavaScript turns into a prototype). */
  readonly hasProtoKey: boolean
}

export interface TableBase {
  readonly [tableBrand]: TableDefinition
}

/** A table: its columns are properties (`books.authorId`), bound to the table. */
export type Table<C extends Record<string, AnyColumn>> = TableBase & {
  readonly [K in keyof C]: C[K]
}

export type AnyTable = TableBase

export function table<C extends Record<string, AnyColumn>>(
  name: string,
  columns: C,
  extrasOrOptions?: ((columns: Table<C>) => readonly TableExtra[]) | TableOptions,
  options?: TableOptions,
): Table<C> {
  const extras = typeof extrasOrOptions === 'function' ? extrasOrOptions : undefined
  const tableOptions = (typeof extrasOrOptions === 'object' ? extrasOrOptions : options) ?? {}
  const hasProtoKey = Object.getPrototypeOf(columns) !== Object.prototype && Object.getPrototypeOf(columns) !== null
  const bound: Record<string, AnyColumn> = Object.create(null)
  const result = Object.create(null) as Record<string | symbol, unknown>
  const definition: TableDefinition = {
    name,
    columns: bound,
    extras: extras as TableDefinition['extras'],
    options: tableOptions,
    hasProtoKey,
  }
  for (const key of Object.keys(columns)) {
    const value = columns[key]
    const bind = value instanceof Column || isColumnLike(value)
    const col = bind ? new Column((value as AnyColumn).definition, { table: result as unknown as AnyTable, key }) : value
    bound[key] = col as AnyColumn
    Object.defineProperty(result, key, { value: col, enumerable: true })
  }
  Object.defineProperty(result, tableBrand, { value: definition })
  return Object.freeze(result) as unknown as Table<C>
}

/** Columns built by another copy of this module (two installs) still count. */
function isColumnLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'definition' in value && typeof (value as { definition: unknown }).definition === 'object'
}

export function isTable(value: unknown): value is AnyTable {
  return typeof value === 'object' && value !== null && tableBrand in value
}

export function isEnumType(value: unknown): value is EnumType {
  return typeof value === 'object' && value !== null && enumBrand in value
}

// ---------------------------------------------------------------------------------------
// Many-to-many

export interface ManyToManyOptions {
  /** An explicit join table (which may carry more columns). */
  through?: AnyTable
  /** Relation name on the first table (default: the second table's export name). */
  name?: string
  /** Relation name on the second table (default: the first table's export name). */
  inverse?: string
  /** SQL name of the implicit join table (default: `<first>_<second>`). */
  tableName?: string
}

export interface ManyToMany {
  readonly [manyToManyBrand]: true
  readonly left: AnyTable
  readonly right: AnyTable
  readonly options: ManyToManyOptions
}

const registryKey = Symbol.for('dbridge.manyToManyRegistry')

/** Every `manyToMany` call made while schema files load; the loader reads it. */
export function manyToManyRegistry(): ManyToMany[] {
  const store = globalThis as unknown as Record<symbol, ManyToMany[]>
  return (store[registryKey] ??= [])
}

/**
 * `manyToMany(books, genres)` creates the join table `books_genres(book_id, genre_id)`;
 * `manyToMany(books, genres, { through: bookGenres })` uses an explicit join table.
 * Both sides get a many relation (`books.genres`, `genres.books`).
 */
export function manyToMany(left: AnyTable, right: AnyTable, options: ManyToManyOptions = {}): ManyToMany {
  const link: ManyToMany = Object.freeze({ [manyToManyBrand]: true as const, left, right, options })
  manyToManyRegistry().push(link)
  return link
}

export function isManyToMany(value: unknown): value is ManyToMany {
  return typeof value === 'object' && value !== null && manyToManyBrand in value
}
