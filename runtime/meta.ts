/**
 * Table metadata as the generated code declares it, and what the runtime derives from it
 * once per table (quoted names, casts, encoders, decoders) so no query repeats that work.
 */
import type { SchemaValidator } from './input.js'
import { quoteIdent } from './sql.js'
import { columnEncoder, jsonDecoder, pgTypes, textDecoder, type Encoder, type PgType, type PgTypeName, type RawRow } from './types.js'
import { rowAcceptor, type RowAcceptor, type ValueRules } from './values/accept.js'

/** How generated code describes a column. */
export interface ColumnSpec {
  /** TypeScript property name. */
  readonly key: string
  /** SQL column name (default: the key). */
  readonly column?: string
  readonly type: PgTypeName
  /** Array dimensions (default 0). */
  readonly dimensions?: number
  readonly nullable?: boolean
  /** Has a DEFAULT (or is serial), so it may be left out of inserts. */
  readonly hasDefault?: boolean
  /** SQL name of the enum type, for enum columns. */
  readonly enumName?: string
  readonly enumValues?: readonly string[]
  /** The bounds its zod schema applies beyond its type (lengths, min and max, digits, items). */
  readonly rules?: ValueRules
}

/** A zod-like validator: the generated zod schemas satisfy it. */
export type RowValidator = SchemaValidator

/** [key on the source table, key on the target table] (TypeScript names). */
export type KeyPairs = readonly (readonly [string, string])[]

/** How generated code describes a relation. */
export interface RelationSpec {
  readonly kind: 'one' | 'many' | 'manyToMany'
  /** The related table (a function: table modules import each other). */
  readonly target: () => TableMeta
  /** A `one` relation that may find no row. */
  readonly nullable?: boolean
  /** `one` and `many`: the target's key = the source's key, per pair. */
  readonly on?: KeyPairs
  /** `manyToMany`: the join table and its columns (SQL names) matching the source's and the target's keys. */
  readonly through?: {
    readonly table: string
    readonly source: readonly (readonly [key: string, joinColumn: string])[]
    readonly target: readonly (readonly [key: string, joinColumn: string])[]
  }
}

/** A nested row as parsed from JSON: its columns' values in declaration order, then its relations. */
export type JsonRow = readonly unknown[]

/** How generated code describes a table. */
export interface TableSpec<Row = unknown> {
  /** SQL name. */
  readonly name: string
  /** Export name, used in messages (`books.insert`). */
  readonly key: string
  readonly columns: readonly ColumnSpec[]
  /** TypeScript names of the primary key columns (empty when the table has none). */
  readonly primaryKey: readonly string[]
  /** Column sets (TypeScript names) that are unique: valid `onConflict` targets. */
  readonly uniqueKeys: readonly (readonly string[])[]
  /** Builds a row from all columns in declaration order. */
  readonly decode: (row: RawRow) => Row
  /** Builds a row from a freshly parsed nested row (a JSON array of its columns). */
  readonly decodeJson: (row: JsonRow) => Row
  readonly relations?: Readonly<Record<string, RelationSpec>>
  /**
   * The zod schemas of inserts and patches (RowValidators). Typed loosely on purpose:
   * checking each table's zod schema against an interface makes tsc work out zod's output
   * types for every table, most of a big schema's type-checking cost.
   */
  readonly insertSchema: object
  readonly patchSchema: object
}

export interface ColumnMeta extends Required<Omit<ColumnSpec, 'enumName' | 'enumValues' | 'rules'>>, Pick<ColumnSpec, 'enumName' | 'enumValues' | 'rules'> {
  /** `"author_id"` */
  readonly quoted: string
  /** The cast for a parameter of this column: `int4`, `"author_status"[]`. */
  readonly cast: string
  /** The cast for an array of this column's values (`= any($1::int4[])`), for scalar columns. */
  readonly arrayCast: string
  /** The cast of one element, for array columns. */
  readonly elementCast: string
  readonly encode: Encoder
  /** Encodes one element of an array column. */
  readonly encodeElement: Encoder
  readonly decode: ((text: string) => unknown) | undefined
  /** Converts the column's value in a nested JSON row. */
  readonly decodeJson: ((value: unknown) => unknown) | undefined
  /** Cast that keeps the value exact inside JSON (`::text` for int8 and numeric). */
  readonly jsonCast: string
  readonly numeric: boolean
  readonly textLike: boolean
  readonly ordered: boolean
  /** May appear in ORDER BY (json cannot, nor an array of it). */
  readonly sortable: boolean
  /** Has `min()` and `max()` (see PgType.noMinMax). */
  readonly minMax: boolean
}

export interface TableMeta<Row = unknown> extends Omit<TableSpec<Row>, 'columns' | 'relations' | 'insertSchema' | 'patchSchema'> {
  readonly relations: Readonly<Record<string, RelationSpec>>
  readonly insertSchema: RowValidator
  readonly patchSchema: RowValidator
  readonly quoted: string
  readonly columns: readonly ColumnMeta[]
  readonly byKey: ReadonlyMap<string, ColumnMeta>
  /** `t0."id", t0."title", ...`: every column, for full rows. */
  readonly selectAll: string
  /** `"id", "title", ...` unqualified, for RETURNING. */
  readonly returningAll: string
  /**
   * Whether a copy of a row passes `insertSchema` (`partial`: `patchSchema`), checked in
   * plain code: a write that passes skips zod; zod explains one that does not.
   */
  readonly acceptsRow: RowAcceptor
}

function castName(spec: ColumnSpec): string {
  return spec.type === 'enum' ? quoteIdent(spec.enumName!) : spec.type
}

/** Derives everything the runtime needs from a table spec. Called once per table. */
export function defineTable<Row>(spec: TableSpec<Row>): TableMeta<Row> {
  const columns = spec.columns.map(columnMeta)
  return Object.freeze({
    ...spec,
    insertSchema: spec.insertSchema as RowValidator,
    patchSchema: spec.patchSchema as RowValidator,
    relations: spec.relations ?? {},
    quoted: quoteIdent(spec.name),
    columns,
    byKey: new Map(columns.map((c) => [c.key, c])),
    selectAll: columns.map((c) => 't0.' + c.quoted).join(', '),
    returningAll: columns.map((c) => c.quoted).join(', '),
    acceptsRow: rowAcceptor(
      columns.map((c) => ({ ...c, accepts: (pgTypes[c.type] as PgType).accepts, decimal: c.type === 'numeric' })),
      (key) => (spec.insertSchema as { shape?: Record<string, RowValidator> }).shape?.[key],
    ),
  })
}

/** Derives a column's metadata from its spec (also for computed values: aggregates). */
export function columnMeta(given: ColumnSpec): ColumnMeta {
  const c = { ...given, column: given.column ?? given.key, dimensions: given.dimensions ?? 0, nullable: given.nullable ?? false, hasDefault: given.hasDefault ?? false }
  const base = castName(c)
  const type: PgType = pgTypes[c.type]
  return Object.freeze({
    ...c,
    quoted: quoteIdent(c.column),
    cast: base + '[]'.repeat(c.dimensions),
    arrayCast: base + '[]'.repeat(c.dimensions + 1),
    elementCast: base,
    encode: columnEncoder(c.type, c.dimensions, c.enumValues),
    encodeElement: columnEncoder(c.type, 0, c.enumValues),
    decode: textDecoder(c.type, c.dimensions),
    decodeJson: jsonDecoder(c.type, c.dimensions),
    jsonCast: type.textInJson ? '::text' + '[]'.repeat(c.dimensions) : '',
    numeric: c.dimensions === 0 && type.numeric === true,
    textLike: c.dimensions === 0 && type.textLike === true,
    ordered: c.dimensions === 0 && type.unordered !== true,
    sortable: type.unsortable !== true,
    minMax: c.dimensions === 0 && type.noMinMax !== true,
  })
}
