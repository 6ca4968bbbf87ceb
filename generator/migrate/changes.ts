/**
 * The changes a migration makes, as data. The diff (diff.ts) computes a list of them; the
 * renderers turn that one list into the SQL statements (render-sql.ts), the summary
 * (render-summary.ts) and the lints (lints.ts). Every change is plain, frozen,
 * JSON-serializable data discriminated by `kind`; names are SQL names as they are when the
 * change runs (a column of a renamed table is named after the table's new name).
 *
 * The list is in the order the diff found the changes (extensions, enums, tables in model
 * order); the SQL renderer orders the statements by dependency.
 */
import type { CheckModel, ColumnModel, ColumnType, EnumModel, ForeignKeyModel, IndexModel, PrimaryKeyModel, TableModel, UniqueModel } from '../../schema/model.js'

// ---------------------------------------------------------------------------------------
// Extensions and enum types

/** `CREATE EXTENSION IF NOT EXISTS`. Extensions are only ever added. */
export interface CreateExtension {
  readonly kind: 'createExtension'
  readonly name: string
}

export interface CreateEnum {
  readonly kind: 'createEnum'
  readonly enum: EnumModel
}

export interface DropEnum {
  readonly kind: 'dropEnum'
  readonly name: string
}

/** A value added in place (`ALTER TYPE ... ADD VALUE`), placed before or after an existing one. */
export interface EnumValueAddition {
  readonly value: string
  /** The value it goes before, or null. */
  readonly before: string | null
  /** When `before` is null: the value it goes after, or null (then it goes last). */
  readonly after: string | null
}

/** Values added to an enum whose existing values stay, in their order. */
export interface AddEnumValues {
  readonly kind: 'addEnumValues'
  readonly name: string
  readonly values: readonly EnumValueAddition[]
}

/** A column converted from an enum's old type to the new one. */
export interface EnumColumn {
  readonly table: string
  readonly column: string
  readonly type: ColumnType
  /** The column's default before the change (dropped first), or null. */
  readonly fromDefault: string | null
  /** The default set once the column has the new type, or null. */
  readonly toDefault: string | null
}

/**
 * Values removed or reordered: the type is renamed away, created anew, the columns that use
 * it are converted through text, and the old type is dropped.
 */
export interface RecreateEnum {
  readonly kind: 'recreateEnum'
  readonly enum: EnumModel
  /** Values the type loses. */
  readonly removed: readonly string[]
  readonly columns: readonly EnumColumn[]
}

// ---------------------------------------------------------------------------------------
// Tables and sequences

/** A new table with its constraints, foreign keys and indexes. */
export interface CreateTable {
  readonly kind: 'createTable'
  readonly table: TableModel
}

/** Dropped tables are dropped in one statement, so foreign keys between them do not matter. */
export interface DropTable {
  readonly kind: 'dropTable'
  readonly name: string
}

export interface RenameTable {
  readonly kind: 'renameTable'
  readonly from: string
  readonly to: string
}

/** The sequence of a serial column follows a renamed table or column. */
export interface RenameSequence {
  readonly kind: 'renameSequence'
  readonly from: string
  readonly to: string
}

// ---------------------------------------------------------------------------------------
// Columns

export interface AddColumn {
  readonly kind: 'addColumn'
  readonly table: string
  readonly column: ColumnModel
}

export interface DropColumn {
  readonly kind: 'dropColumn'
  readonly table: string
  readonly column: string
}

export interface RenameColumn {
  readonly kind: 'renameColumn'
  readonly table: string
  readonly from: string
  readonly to: string
}

/**
 * `ALTER COLUMN ... TYPE ... USING col::type`. A default is dropped before and set again
 * after (it may not convert). serial <-> bigserial changes the integer type and the
 * sequence's.
 */
export interface AlterColumnType {
  readonly kind: 'alterColumnType'
  readonly table: string
  readonly column: string
  readonly from: ColumnType
  readonly to: ColumnType
  readonly fromDefault: string | null
  readonly toDefault: string | null
  /** The sequence a serial column owns, whose type changes with the column's; else null. */
  readonly sequence: string | null
}

/** `SET DEFAULT expr`, or `DROP DEFAULT` when `default` is null. */
export interface AlterColumnDefault {
  readonly kind: 'alterColumnDefault'
  readonly table: string
  readonly column: string
  readonly default: string | null
}

/** `DROP NOT NULL` (nullable) or `SET NOT NULL`. */
export interface AlterColumnNullable {
  readonly kind: 'alterColumnNullable'
  readonly table: string
  readonly column: string
  readonly nullable: boolean
}

// ---------------------------------------------------------------------------------------
// Constraints and indexes

export type Constraint =
  | { readonly type: 'primaryKey'; readonly primaryKey: PrimaryKeyModel }
  | { readonly type: 'unique'; readonly unique: UniqueModel }
  | { readonly type: 'check'; readonly check: CheckModel }
  /** `indexed`: an index, the primary key or a unique constraint starts with its columns. */
  | { readonly type: 'foreignKey'; readonly foreignKey: ForeignKeyModel; readonly indexed: boolean }

export type ConstraintType = Constraint['type']

export interface AddConstraint {
  readonly kind: 'addConstraint'
  readonly table: string
  readonly constraint: Constraint
  /** A constraint of this name was dropped first (it changed). */
  readonly replaces: boolean
}

export interface DropConstraint {
  readonly kind: 'dropConstraint'
  readonly table: string
  readonly type: ConstraintType
  readonly name: string
}

/** A constraint whose name changed and nothing else (after table and column renames). */
export interface RenameConstraint {
  readonly kind: 'renameConstraint'
  readonly table: string
  readonly from: string
  readonly to: string
}

/** An index on an existing table (a new table's are part of `createTable`). */
export interface CreateIndex {
  readonly kind: 'createIndex'
  readonly table: string
  readonly index: IndexModel
  /** An index of this name was dropped first (it changed). */
  readonly replaces: boolean
}

export interface DropIndex {
  readonly kind: 'dropIndex'
  readonly table: string
  readonly name: string
}

export interface RenameIndex {
  readonly kind: 'renameIndex'
  readonly table: string
  readonly from: string
  readonly to: string
}

// ---------------------------------------------------------------------------------------

export type Change =
  | CreateExtension
  | CreateEnum
  | DropEnum
  | AddEnumValues
  | RecreateEnum
  | CreateTable
  | DropTable
  | RenameTable
  | RenameSequence
  | AddColumn
  | DropColumn
  | RenameColumn
  | AlterColumnType
  | AlterColumnDefault
  | AlterColumnNullable
  | AddConstraint
  | DropConstraint
  | RenameConstraint
  | CreateIndex
  | DropIndex
  | RenameIndex

export type ChangeKind = Change['kind']

/** For the `default` branch of a switch over every kind: a kind no renderer knows is an error, never nothing. */
export function unknownChange(change: never, renderer: string): never {
  throw new Error(`${renderer}: unknown change kind '${(change as { kind?: unknown })?.kind}'`)
}

/** Likewise for the constraint of an `addConstraint`. */
export function unknownConstraint(constraint: never, renderer: string): never {
  throw new Error(`${renderer}: unknown constraint type '${(constraint as { type?: unknown })?.type}'`)
}

/** The SQL name of a constraint. */
export function constraintNameOf(constraint: Constraint): string {
  switch (constraint.type) {
    case 'primaryKey':
      return constraint.primaryKey.name
    case 'unique':
      return constraint.unique.name
    case 'check':
      return constraint.check.name
    case 'foreignKey':
      return constraint.foreignKey.name
    default:
      return unknownConstraint(constraint, 'constraint')
  }
}
