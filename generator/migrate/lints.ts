/**
 * Lints: what in a list of changes deserves a second look before it runs. `migrate diff`
 * prints them and writes them into the migration file as `-- lint` lines.
 */
import type { ForeignKeyModel, TableModel } from '../../schema/model.js'
import { ddlType, isSerialType, isWidening } from '../../schema/column-types.js'
import { unknownChange, unknownConstraint, type Change } from './changes.js'

export interface Lint {
  readonly level: 'danger' | 'warning' | 'note'
  readonly message: string
}

/** `danger: drops table books and all its rows` */
export function formatLint(lint: Lint): string {
  return `${lint.level}: ${lint.message}`
}

function startsWith(columns: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= columns.length && prefix.every((c, i) => columns[i] === c)
}

/** Whether an index (not a partial one), the primary key or a unique constraint of `table` starts with the foreign key's columns. */
export function foreignKeyIndexed(table: TableModel, fk: ForeignKeyModel): boolean {
  return !!(
    (table.primaryKey && startsWith(table.primaryKey.columns, fk.columns)) ||
    table.uniques.some((u) => startsWith(u.columns, fk.columns)) ||
    table.indexes.some((i) => i.where === null && startsWith(i.columns.map((c) => c.name ?? ''), fk.columns))
  )
}

function unindexedForeignKey(table: string, fk: ForeignKeyModel): Lint {
  return {
    level: 'warning',
    message: `foreign key ${table}(${fk.columns.join(', ')}) has no index: deletes in ${fk.references.table} and joins will scan ${table}; add index(...) on it`,
  }
}

/** The lints of one change. */
export function lintsOf(change: Change): Lint[] {
  switch (change.kind) {
    case 'addEnumValues':
      return [{ level: 'note', message: `enum ${change.name} gets new values; PostgreSQL does not let this migration's own statements use them (split the migration if it must)` }]
    case 'recreateEnum':
      if (change.removed.length === 0) return []
      return [{ level: 'danger', message: `enum ${change.enum.name} loses ${change.removed.map((v) => `'${v}'`).join(', ')}: the migration fails if a row still holds one` }]
    case 'createTable':
      return change.table.foreignKeys.filter((fk) => !foreignKeyIndexed(change.table, fk)).map((fk) => unindexedForeignKey(change.table.name, fk))
    case 'dropTable':
      return [{ level: 'danger', message: `drops table ${change.name} and all its rows` }]
    case 'addColumn': {
      const { table, column } = change
      if (column.nullable || column.default !== null || isSerialType(column.type.name)) return []
      return [{ level: 'danger', message: `${table}.${column.name} is NOT NULL without a default: adding it fails if ${table} has rows; add a default, or add it nullable and backfill first` }]
    }
    case 'dropColumn':
      return [{ level: 'danger', message: `drops column ${change.table}.${change.column} and its data` }]
    case 'alterColumnType':
      if (isWidening(change.from, change.to)) return []
      return [{ level: 'danger', message: `${change.table}.${change.column} changes from ${ddlType(change.from)} to ${ddlType(change.to)}: values may not convert, or may lose precision` }]
    case 'alterColumnNullable':
      if (change.nullable) return []
      return [{ level: 'warning', message: `${change.table}.${change.column} becomes NOT NULL: fails if a row holds NULL, and scans ${change.table} under an exclusive lock` }]
    case 'addConstraint': {
      const { constraint } = change
      switch (constraint.type) {
        case 'foreignKey':
          return constraint.indexed ? [] : [unindexedForeignKey(change.table, constraint.foreignKey)]
        case 'primaryKey':
        case 'unique':
        case 'check':
          return []
        default:
          return unknownConstraint(constraint, 'lints')
      }
    }
    case 'createIndex':
      return [
        {
          level: 'warning',
          message: `CREATE INDEX ${change.index.name} on existing table ${change.table} blocks writes while it builds; for a large table use CREATE INDEX CONCURRENTLY in a migration marked -- dbridge: no-transaction`,
        },
      ]
    case 'createExtension':
    case 'createEnum':
    case 'dropEnum':
    case 'renameTable':
    case 'renameSequence':
    case 'renameColumn':
    case 'alterColumnDefault':
    case 'dropConstraint':
    case 'renameConstraint':
    case 'dropIndex':
    case 'renameIndex':
      return []
    default:
      return unknownChange(change, 'lints')
  }
}

/** The lints of a list of changes, in its order. */
export function renderLints(changes: readonly Change[]): Lint[] {
  return changes.flatMap(lintsOf)
}
