/**
 * Diff: two schema models (both introspected from PostgreSQL, so expressions compare
 * exactly) -> the list of changes that takes the first to the second (changes.ts). The
 * renderers turn the list into SQL (render-sql.ts), a summary (render-summary.ts) and lints
 * (lints.ts). The down part of a migration is the diff the other way.
 *
 * Nothing is skipped silently: a change this module cannot express throws, and so does a
 * renderer that meets a change it does not know.
 */
import { freezeDeep, type EnumModel, type SchemaModel } from '../../schema/model.js'
import { isSerialType } from '../../schema/column-types.js'
import { UserError } from '../diagnostics.js'
import type { Change, EnumColumn, EnumValueAddition } from './changes.js'
import { diffTable, same, sequenceName } from './diff-table.js'
import { noRenames, type Renames } from './renames.js'

export { noRenames, reverseRenames, renameCandidates, type Renames, type RenameCandidate } from './renames.js'

/**
 * The changes that take the database `from` describes to `to`, with the renames chosen.
 *
 * @example
 *   const changes = diffModels(current, desired)
 *   // [{ kind: 'addColumn', table: 'books', column: { name: 'isbn', nullable: true, ... } }]
 *   renderSql(changes)      // ['ALTER TABLE "books" ADD COLUMN "isbn" varchar(13);']
 *   renderSummary(changes)  // ['add column books.isbn']
 */
export function diffModels(from: SchemaModel, to: SchemaModel, renames: Renames = noRenames): readonly Change[] {
  const changes: Change[] = []
  const newTableName = (name: string) => renames.tables.get(name) ?? name

  // Extensions are only ever added: dropping one could drop what other code relies on.
  for (const extension of to.extensions) {
    if (!from.extensions.includes(extension)) changes.push({ kind: 'createExtension', name: extension })
  }

  // Enums
  const fromEnums = new Map(from.enums.map((e) => [e.name, e]))
  const toEnums = new Map(to.enums.map((e) => [e.name, e]))
  for (const e of to.enums) {
    const old = fromEnums.get(e.name)
    if (!old) changes.push({ kind: 'createEnum', enum: e })
    else if (!same(old.values, e.values)) changes.push(changeEnum(old, e, from, to, renames))
  }
  for (const e of from.enums) {
    if (!toEnums.has(e.name)) changes.push({ kind: 'dropEnum', name: e.name })
  }

  // Tables
  const toTables = new Map(to.tables.map((t) => [t.name, t]))
  const fromByNewName = new Map(from.tables.map((t) => [newTableName(t.name), t]))
  for (const [oldName, newName] of renames.tables) {
    const table = from.tables.find((t) => t.name === oldName)
    if (!table || !toTables.has(newName)) {
      throw new UserError(`rename ${oldName}=${newName}: ${!toTables.has(newName) ? `the schema has no table "${newName}"` : `the database has no table "${oldName}"`}`)
    }
    changes.push({ kind: 'renameTable', from: oldName, to: newName })
    // The sequences keep their old names unless renamed with the table.
    const columnRenames = renames.columns.get(newName)
    for (const column of table.columns) {
      if (!isSerialType(column.type.name)) continue
      const newColumn = columnRenames?.get(column.name) ?? column.name
      changes.push({ kind: 'renameSequence', from: sequenceName(oldName, column.name), to: sequenceName(newName, newColumn) })
    }
  }
  for (const table of to.tables) {
    const old = fromByNewName.get(table.name)
    if (!old) changes.push({ kind: 'createTable', table })
    else changes.push(...diffTable(old, table, renames))
  }
  const dropped = from.tables.filter((table) => !toTables.has(newTableName(table.name)))
  for (const table of dropped) {
    // Foreign keys from tables that stay must go first.
    for (const other of from.tables) {
      const next = toTables.get(newTableName(other.name))
      if (other === table || !next) continue
      for (const fk of other.foreignKeys) {
        if (fk.references.table === table.name && next.foreignKeys.some((f) => f.name === fk.name)) {
          throw new UserError(`cannot drop table ${table.name}: ${other.name}.${fk.name} still references it`)
        }
      }
    }
    changes.push({ kind: 'dropTable', name: table.name })
  }
  return freezeDeep(changes)
}

/** Values added in place when the existing ones stay in order; else the type is created anew. */
function changeEnum(old: EnumModel, next: EnumModel, from: SchemaModel, to: SchemaModel, renames: Renames): Change {
  const kept = next.values.filter((v) => old.values.includes(v))
  if (same(kept, old.values)) {
    const values: EnumValueAddition[] = []
    next.values.forEach((value, i) => {
      if (old.values.includes(value)) return
      // Placed before the next existing value, else after the value that precedes it.
      const before = next.values.slice(i + 1).find((v) => old.values.includes(v)) ?? null
      values.push({ value, before, after: before === null && i > 0 ? next.values[i - 1]! : null })
    })
    return { kind: 'addEnumValues', name: next.name, values }
  }
  // Columns convert through text; tables and columns still have their old names then.
  const columns: EnumColumn[] = []
  for (const table of from.tables) {
    const newTable = renames.tables.get(table.name) ?? table.name
    const target = to.tables.find((t) => t.name === newTable)
    for (const column of table.columns) {
      if (column.type.enumName !== next.name) continue
      const newColumn = renames.columns.get(newTable)?.get(column.name) ?? column.name
      columns.push({
        table: table.name,
        column: column.name,
        type: column.type,
        fromDefault: column.default,
        toDefault: target?.columns.find((c) => c.name === newColumn)?.default ?? null,
      })
    }
  }
  return { kind: 'recreateEnum', enum: next, removed: old.values.filter((v) => !next.values.includes(v)), columns }
}
