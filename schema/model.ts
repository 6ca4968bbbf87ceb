/**
 * The normalized schema model: plain, frozen, JSON-serializable data that the generator's
 * emitters, the migration differ and `pull` all read. SQL names are final here (casing
 * applied, constraint names chosen); TypeScript names ride along for the emitters.
 *
 * The model is versioned; `parseSchemaModel` validates one read back from disk.
 */
import { z } from 'zod'
import type { ColumnTypeName, ReferentialAction, IndexMethod } from './dsl.js'
import { serialStorage } from './column-types.js'

export const MODEL_VERSION = 1

export interface SourceRef {
  /** The schema file, relative to the working directory, with forward slashes. */
  readonly file: string
  readonly exportName: string
}

export interface ColumnType {
  readonly name: ColumnTypeName
  readonly length: number | null
  readonly precision: number | null
  readonly scale: number | null
  /** SQL name of the enum type, for `enum` columns. */
  readonly enumName: string | null
  /** 0 for a scalar, 1 for `type[]`, 2 for `type[][]`. */
  readonly dimensions: number
}

export interface ValidatorsModel {
  readonly min: string | null
  readonly max: string | null
  readonly minLength: number | null
  readonly maxLength: number | null
  readonly email: boolean
  readonly url: boolean
  readonly regex: { readonly source: string; readonly flags: string } | null
}

export interface ColumnModel {
  readonly kind: 'column'
  /** SQL name. */
  readonly name: string
  /** TypeScript property name. */
  readonly tsName: string
  readonly type: ColumnType
  readonly nullable: boolean
  /** The DEFAULT expression as SQL, or null. Serial columns have none here: the type implies it. */
  readonly default: string | null
  readonly validators: ValidatorsModel
  /** TypeScript type of json/jsonb values as written in the schema file (`unknown` when not given). */
  readonly tsType: string | null
  /** Named types `tsType` refers to and where to import them from. */
  readonly tsTypeImports: readonly TypeImport[]
}

/**
 * A type import for generated code: `module` is a package name, or (when `local`) a path
 * relative to the project root written the way the schema file wrote it.
 */
export interface TypeImport {
  readonly name: string
  readonly module: string
  readonly local: boolean
}

export interface PrimaryKeyModel {
  readonly name: string
  readonly columns: readonly string[]
}

export interface UniqueModel {
  readonly name: string
  readonly columns: readonly string[]
}

export interface ForeignKeyModel {
  readonly name: string
  readonly columns: readonly string[]
  readonly references: { readonly table: string; readonly columns: readonly string[] }
  readonly onDelete: ReferentialAction
  readonly onUpdate: ReferentialAction
  /** Relation name on this table (`books.author`), null to use the default. */
  readonly relationName: string | null
  /** Relation name on the referenced table (`authors.books`), null to use the default. */
  readonly inverseName: string | null
}

/** One key of an index: a column, or an expression (as SQL). */
export type IndexKey = { readonly name: string; readonly expression?: undefined; readonly desc: boolean } | { readonly name?: undefined; readonly expression: string; readonly desc: boolean }

export interface IndexModel {
  readonly name: string
  readonly columns: readonly IndexKey[]
  readonly unique: boolean
  /** Predicate of a partial index, as SQL. */
  readonly where: string | null
  readonly using: IndexMethod
}

export interface CheckModel {
  readonly name: string
  readonly expression: string
}

export interface ManyToManyModel {
  /** SQL names of the two linked tables and of the join table. */
  readonly left: string
  readonly right: string
  readonly through: string
  /** Whether the join table was created by `manyToMany` (rather than declared by the user). */
  readonly implicit: boolean
  readonly name: string | null
  readonly inverse: string | null
}

export interface TableModel {
  readonly kind: 'table'
  /** SQL name. */
  readonly name: string
  /** Export name in the schema file (`books`). */
  readonly tsName: string
  /** Row type name (`Book`). */
  readonly typeName: string
  readonly columns: readonly ColumnModel[]
  readonly primaryKey: PrimaryKeyModel | null
  readonly uniques: readonly UniqueModel[]
  readonly foreignKeys: readonly ForeignKeyModel[]
  readonly indexes: readonly IndexModel[]
  readonly checks: readonly CheckModel[]
  readonly source: SourceRef | null
}

export interface EnumModel {
  readonly kind: 'enum'
  readonly name: string
  /** TypeScript type name (`AuthorStatus`). */
  readonly tsName: string
  readonly values: readonly string[]
  readonly source: SourceRef | null
}

export type Casing = 'snake_case' | 'preserve'

export interface SchemaModel {
  readonly version: typeof MODEL_VERSION
  readonly casing: Casing
  /** Extensions the schema needs (`citext`). */
  readonly extensions: readonly string[]
  readonly enums: readonly EnumModel[]
  readonly tables: readonly TableModel[]
  readonly manyToMany: readonly ManyToManyModel[]
}

/** Deeply freezes a model so no stage can change what another stage reads. */
export function freezeDeep<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) freezeDeep(child)
  }
  return value
}

const action = z.enum(['cascade', 'restrict', 'set null', 'set default', 'no action'])
const source = z.object({ file: z.string(), exportName: z.string() }).nullable()

const columnSchema = z.object({
  kind: z.literal('column'),
  name: z.string(),
  tsName: z.string(),
  type: z.object({
    name: z.string(),
    length: z.number().nullable(),
    precision: z.number().nullable(),
    scale: z.number().nullable(),
    enumName: z.string().nullable(),
    dimensions: z.number().int().min(0),
  }),
  nullable: z.boolean(),
  default: z.string().nullable(),
  validators: z.object({
    min: z.string().nullable(),
    max: z.string().nullable(),
    minLength: z.number().nullable(),
    maxLength: z.number().nullable(),
    email: z.boolean(),
    url: z.boolean(),
    regex: z.object({ source: z.string(), flags: z.string() }).nullable(),
  }),
  tsType: z.string().nullable(),
  tsTypeImports: z.array(z.object({ name: z.string(), module: z.string(), local: z.boolean() })),
})

const modelSchema = z.object({
  version: z.literal(MODEL_VERSION),
  casing: z.enum(['snake_case', 'preserve']),
  extensions: z.array(z.string()),
  enums: z.array(
    z.object({ kind: z.literal('enum'), name: z.string(), tsName: z.string(), values: z.array(z.string()), source }),
  ),
  tables: z.array(
    z.object({
      kind: z.literal('table'),
      name: z.string(),
      tsName: z.string(),
      typeName: z.string(),
      columns: z.array(columnSchema),
      primaryKey: z.object({ name: z.string(), columns: z.array(z.string()) }).nullable(),
      uniques: z.array(z.object({ name: z.string(), columns: z.array(z.string()) })),
      foreignKeys: z.array(
        z.object({
          name: z.string(),
          columns: z.array(z.string()),
          references: z.object({ table: z.string(), columns: z.array(z.string()) }),
          onDelete: action,
          onUpdate: action,
          relationName: z.string().nullable(),
          inverseName: z.string().nullable(),
        }),
      ),
      indexes: z.array(
        z.object({
          name: z.string(),
          columns: z.array(z.union([z.object({ name: z.string(), desc: z.boolean() }), z.object({ expression: z.string(), desc: z.boolean() })])),
          unique: z.boolean(),
          where: z.string().nullable(),
          using: z.enum(['btree', 'hash', 'gin', 'gist', 'brin']),
        }),
      ),
      checks: z.array(z.object({ name: z.string(), expression: z.string() })),
      source,
    }),
  ),
  manyToMany: z.array(
    z.object({
      left: z.string(),
      right: z.string(),
      through: z.string(),
      implicit: z.boolean(),
      name: z.string().nullable(),
      inverse: z.string().nullable(),
    }),
  ),
})

/** Validates a model read back from disk (JSON), naming what is wrong. */
export function parseSchemaModel(json: unknown): SchemaModel {
  const result = modelSchema.safeParse(json)
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`)
    throw new Error(`not a dbridge schema model (version ${MODEL_VERSION}):\n${problems.join('\n')}`)
  }
  return freezeDeep(result.data as SchemaModel)
}

/** The type a column stores, with serial types reduced to their integer type (for FK checks). */
export function storageType(type: ColumnType): string {
  const stored = serialStorage(type)
  const params = stored.name === 'enum' ? `(${stored.enumName})` : ''
  return stored.name + params + '[]'.repeat(stored.dimensions)
}

export function findTable(model: SchemaModel, name: string): TableModel | undefined {
  return model.tables.find((table) => table.name === name)
}
