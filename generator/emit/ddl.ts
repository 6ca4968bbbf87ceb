/**
 * DDL for the schema model: `schema.sql` (everything, in dependency order, runnable with
 * `psql -f` on an empty database) and the statements the migration differ reuses.
 */
import type { CheckModel, ColumnModel, EnumModel, ForeignKeyModel, IndexModel, SchemaModel, TableModel, UniqueModel } from '../../schema/model.js'
import { quoteIdent, quoteLiteral } from '../../runtime/sql.js'
import { ddlType } from '../../schema/column-types.js'
import { header } from './common.js'

const q = quoteIdent
const list = (names: readonly string[]) => names.map(q).join(', ')

export function createExtensionSql(name: string): string {
  return `CREATE EXTENSION IF NOT EXISTS ${q(name)};`
}

export function createEnumSql(e: EnumModel): string {
  return `CREATE TYPE ${q(e.name)} AS ENUM (${e.values.map(quoteLiteral).join(', ')});`
}

export function columnDefinition(column: ColumnModel): string {
  let text = `${q(column.name)} ${ddlType(column.type)}`
  if (!column.nullable) text += ' NOT NULL'
  if (column.default !== null) text += ` DEFAULT ${column.default}`
  return text
}

export function primaryKeyClause(table: TableModel): string | undefined {
  return table.primaryKey ? `CONSTRAINT ${q(table.primaryKey.name)} PRIMARY KEY (${list(table.primaryKey.columns)})` : undefined
}

export function uniqueClause(unique: UniqueModel): string {
  return `CONSTRAINT ${q(unique.name)} UNIQUE (${list(unique.columns)})`
}

export function checkClause(check: CheckModel): string {
  return `CONSTRAINT ${q(check.name)} CHECK (${check.expression})`
}

const actions = { cascade: 'CASCADE', restrict: 'RESTRICT', 'set null': 'SET NULL', 'set default': 'SET DEFAULT', 'no action': 'NO ACTION' }

export function foreignKeyClause(fk: ForeignKeyModel): string {
  let text = `CONSTRAINT ${q(fk.name)} FOREIGN KEY (${list(fk.columns)}) REFERENCES ${q(fk.references.table)} (${list(fk.references.columns)})`
  if (fk.onDelete !== 'no action') text += ` ON DELETE ${actions[fk.onDelete]}`
  if (fk.onUpdate !== 'no action') text += ` ON UPDATE ${actions[fk.onUpdate]}`
  return text
}

export function createTableSql(table: TableModel, inlineForeignKeys: readonly ForeignKeyModel[]): string {
  const lines = [
    ...table.columns.map(columnDefinition),
    primaryKeyClause(table),
    ...table.uniques.map(uniqueClause),
    ...table.checks.map(checkClause),
    ...inlineForeignKeys.map(foreignKeyClause),
  ].filter((line): line is string => line !== undefined)
  return `CREATE TABLE ${q(table.name)} (\n${lines.map((line) => '  ' + line).join(',\n')}\n);`
}

export function addForeignKeySql(table: TableModel, fk: ForeignKeyModel): string {
  return `ALTER TABLE ${q(table.name)} ADD ${foreignKeyClause(fk)};`
}

export function createIndexSql(table: TableModel, index: IndexModel, concurrently = false): string {
  const columns = index.columns.map((c) => (c.name !== undefined ? q(c.name) : `(${c.expression})`) + (c.desc ? ' DESC' : '')).join(', ')
  const using = index.using === 'btree' ? '' : ` USING ${index.using}`
  const where = index.where ? ` WHERE ${index.where}` : ''
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX${concurrently ? ' CONCURRENTLY' : ''} ${q(index.name)} ON ${q(table.name)}${using} (${columns})${where};`
}

/**
 * Orders tables so that each comes after the tables its foreign keys point to, breaking
 * ties (and cycles) by name. Returns, per table, the foreign keys that can be inline; the
 * others (those closing a cycle) must be added after every table exists.
 */
export function orderTables(model: SchemaModel): { order: TableModel[]; inline: Map<string, ForeignKeyModel[]>; deferred: [TableModel, ForeignKeyModel][] } {
  const remaining = new Map(model.tables.map((t) => [t.name, t]))
  const created = new Set<string>()
  const order: TableModel[] = []
  const inline = new Map<string, ForeignKeyModel[]>()
  const deferred: [TableModel, ForeignKeyModel][] = []
  const ready = (t: TableModel) => t.foreignKeys.every((fk) => fk.references.table === t.name || created.has(fk.references.table) || !remaining.has(fk.references.table))
  while (remaining.size > 0) {
    const names = [...remaining.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    const next = remaining.get(names.find((name) => ready(remaining.get(name)!)) ?? names[0]!)!
    remaining.delete(next.name)
    created.add(next.name)
    order.push(next)
    const own: ForeignKeyModel[] = []
    for (const fk of next.foreignKeys) {
      if (fk.references.table === next.name || created.has(fk.references.table)) own.push(fk)
      else deferred.push([next, fk])
    }
    inline.set(next.name, own)
  }
  return { order, inline, deferred }
}

/** The whole schema as SQL. */
export function schemaSql(model: SchemaModel): string {
  const parts: string[] = [header([], '--')]
  for (const extension of model.extensions) parts.push(createExtensionSql(extension))
  for (const e of model.enums) parts.push(createEnumSql(e))
  const { order, inline, deferred } = orderTables(model)
  for (const table of order) parts.push(createTableSql(table, inline.get(table.name) ?? []))
  for (const [table, fk] of deferred) parts.push(addForeignKeySql(table, fk))
  for (const table of order) for (const index of table.indexes) parts.push(createIndexSql(table, index))
  return parts.join('\n\n') + '\n'
}
