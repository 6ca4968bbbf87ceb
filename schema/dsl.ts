/**
 * The schema DSL: `table`, `t` (column types), `enumType`, `index`, `unique`, `primaryKey`,
 * `check` and `manyToMany`. Schema files only describe; the generator reads the objects
 * built here (see generator/model/normalize.ts) into the normalized schema model. Column types
 * live in columns.ts, table extras in extras.ts; this module is the DSL as one import.
 */
import { Column, tableBrand, manyToManyBrand, enumBrand, type AnyColumn, type EnumType } from './columns.js'
import type { TableExtra } from './extras.js'

export * from './columns.js'
export * from './extras.js'

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

