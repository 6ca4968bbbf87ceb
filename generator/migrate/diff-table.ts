/**
 * The changes between two versions of one table (the new version may have a new name):
 * renamed columns, constraints and indexes; added, dropped and altered columns; primary key,
 * unique constraints, checks, foreign keys and indexes added, dropped or replaced.
 */
import type { ColumnModel, ForeignKeyModel, IndexModel, TableModel } from '../../schema/model.js'
import { isSerialType } from '../../schema/column-types.js'
import { UserError } from '../diagnostics.js'
import type { AddConstraint, Change, Constraint, ConstraintType } from './changes.js'
import { foreignKeyIndexed } from './lints.js'
import type { Renames } from './renames.js'

export const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** The sequence PostgreSQL creates for a serial column (and introspection recognizes it by). */
export const sequenceName = (table: string, column: string) => `${table}_${column}_seq`

function sameDefinition(a: ColumnModel, b: ColumnModel): boolean {
  return same(a.type, b.type) && a.nullable === b.nullable && a.default === b.default
}

function fkShape(fk: ForeignKeyModel, map: (c: string) => string, tableMap: (t: string) => string) {
  return [fk.columns.map(map), tableMap(fk.references.table), fk.references.columns, fk.onDelete, fk.onUpdate]
}

function indexShape(index: IndexModel, map: (c: string) => string) {
  return [index.columns.map((c) => (c.name !== undefined ? [map(c.name), c.desc] : [{ expression: c.expression }, c.desc])), index.unique, index.where, index.using]
}

/** `old` is the table as it is, `table` as it will be; `renames` are those of the whole diff. */
export function diffTable(old: TableModel, table: TableModel, renames: Renames): Change[] {
  const changes: Change[] = []
  const name = table.name
  const map = renames.columns.get(name) ?? new Map<string, string>()
  const newColumnName = (c: string) => map.get(c) ?? c
  const tableMap = (t: string) => renames.tables.get(t) ?? t
  const oldColumns = new Map(old.columns.map((c) => [newColumnName(c.name), c]))
  const newColumns = new Map(table.columns.map((c) => [c.name, c]))

  for (const [from, to] of map) {
    const column = old.columns.find((c) => c.name === from)
    if (!column || !newColumns.has(to)) {
      throw new UserError(`rename ${name}.${from}=${to}: no such column ${!newColumns.has(to) ? `"${to}" in the schema` : `"${from}" in the database`}`)
    }
    changes.push({ kind: 'renameColumn', table: name, from, to })
    // A renamed table takes its sequences along (diff.ts); a renamed column takes its own.
    if (old.name === name && isSerialType(column.type.name)) {
      changes.push({ kind: 'renameSequence', from: sequenceName(name, from), to: sequenceName(name, to) })
    }
  }

  // Constraints and indexes that only changed their name (after renames) are renamed.
  const renamed = new Set<string>()
  const wasRenamed = (constraint: string) => renamed.has('old:' + constraint)
  const isRenameTarget = (constraint: string) => renamed.has('new:' + constraint)
  const matchRenamed = <T extends { name: string }>(olds: readonly T[], news: readonly T[], shape: (x: T) => unknown, kind: 'renameConstraint' | 'renameIndex') => {
    const unmatchedOld = olds.filter((o) => !news.some((n) => n.name === o.name))
    const unmatchedNew = news.filter((n) => !olds.some((o) => o.name === n.name))
    for (const o of unmatchedOld) {
      const match = unmatchedNew.find((n) => same(shape(n), shape(o)) && !isRenameTarget(n.name))
      if (!match) continue
      renamed.add('old:' + o.name).add('new:' + match.name)
      changes.push({ kind, table: name, from: o.name, to: match.name })
    }
  }
  const oldPk = old.primaryKey && { ...old.primaryKey, columns: old.primaryKey.columns.map(newColumnName) }
  const newPk = table.primaryKey
  const oldUniques = old.uniques.map((u) => ({ ...u, columns: u.columns.map(newColumnName) }))
  matchRenamed(oldPk ? [oldPk] : [], newPk ? [newPk] : [], (p) => p.columns, 'renameConstraint')
  matchRenamed(oldUniques, table.uniques, (u) => u.columns, 'renameConstraint')
  matchRenamed(old.foreignKeys, table.foreignKeys, (f) => fkShape(f, newColumnName, tableMap), 'renameConstraint')
  matchRenamed(old.checks, table.checks, (c) => c.expression, 'renameConstraint')
  matchRenamed(old.indexes, table.indexes, (i) => indexShape(i, newColumnName), 'renameIndex')

  // Columns
  for (const column of table.columns) {
    const before = oldColumns.get(column.name)
    if (!before) {
      changes.push({ kind: 'addColumn', table: name, column })
      continue
    }
    if (sameDefinition(before, column)) continue
    const typeChanged = !same(before.type, column.type)
    const serialBefore = isSerialType(before.type.name)
    const serialAfter = isSerialType(column.type.name)
    if (typeChanged && serialBefore !== serialAfter) {
      throw new UserError(
        `${name}.${column.name} changes between ${before.type.name} and ${column.type.name}; dbridge cannot write that migration. ` +
          'Write it by hand (create or drop the sequence), then run migrate diff again',
      )
    }
    if (typeChanged) {
      changes.push({
        kind: 'alterColumnType',
        table: name,
        column: column.name,
        from: before.type,
        to: column.type,
        fromDefault: before.default,
        toDefault: column.default,
        sequence: serialAfter ? sequenceName(name, column.name) : null,
      })
    } else if (before.default !== column.default) {
      changes.push({ kind: 'alterColumnDefault', table: name, column: column.name, default: column.default })
    }
    if (before.nullable !== column.nullable) {
      changes.push({ kind: 'alterColumnNullable', table: name, column: column.name, nullable: column.nullable })
    }
  }
  for (const [newName, column] of oldColumns) {
    if (!newColumns.has(newName)) changes.push({ kind: 'dropColumn', table: name, column: column.name })
  }

  // Primary key, uniques, checks, foreign keys, indexes: by name; changed ones are replaced.
  const drop = (type: ConstraintType, constraint: string): Change => ({ kind: 'dropConstraint', table: name, type, name: constraint })
  const add = (constraint: Constraint, replaces: boolean): AddConstraint => ({ kind: 'addConstraint', table: name, constraint, replaces })
  const pkChanged = !oldPk || !newPk || newPk.name !== oldPk.name || !same(oldPk.columns, newPk.columns)
  if (oldPk && !wasRenamed(oldPk.name) && pkChanged) changes.push(drop('primaryKey', oldPk.name))
  if (newPk && !isRenameTarget(newPk.name) && pkChanged) changes.push(add({ type: 'primaryKey', primaryKey: newPk }, oldPk?.name === newPk.name))

  const diffNamed = <T extends { name: string }>(olds: readonly T[], news: readonly T[], shape: (x: T) => unknown, dropped: (x: T) => Change, created: (x: T, replaces: boolean) => Change) => {
    for (const o of olds) {
      if (wasRenamed(o.name)) continue
      const n = news.find((x) => x.name === o.name)
      if (!n || !same(shape(n), shape(o))) changes.push(dropped(o))
    }
    for (const n of news) {
      if (isRenameTarget(n.name)) continue
      const o = olds.find((x) => x.name === n.name)
      if (!o || !same(shape(n), shape(o))) changes.push(created(n, o !== undefined))
    }
  }
  diffNamed(oldUniques, table.uniques, (u) => u.columns, (u) => drop('unique', u.name), (unique, replaces) => add({ type: 'unique', unique }, replaces))
  diffNamed(old.checks, table.checks, (c) => c.expression, (c) => drop('check', c.name), (check, replaces) => add({ type: 'check', check }, replaces))
  diffNamed(
    old.foreignKeys,
    table.foreignKeys,
    (f) => fkShape(f, newColumnName, tableMap),
    (f) => drop('foreignKey', f.name),
    (foreignKey, replaces) => add({ type: 'foreignKey', foreignKey, indexed: foreignKeyIndexed(table, foreignKey) }, replaces),
  )
  diffNamed(
    old.indexes,
    table.indexes,
    (i) => indexShape(i, newColumnName),
    (i) => ({ kind: 'dropIndex', table: name, name: i.name }),
    (index, replaces) => ({ kind: 'createIndex', table: name, index, replaces }),
  )
  return changes
}
