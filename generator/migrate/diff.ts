/**
 * Diff: two schema models (both introspected from PostgreSQL, so expressions compare
 * exactly) -> the SQL that takes the first to the second, in dependency order, with lints
 * for what deserves a second look. The down part of a migration is the diff the other way.
 *
 * Nothing is skipped silently: a change this module cannot express throws.
 */
import type {
  CheckModel,
  ColumnModel,
  EnumModel,
  ForeignKeyModel,
  IndexModel,
  SchemaModel,
  TableModel,
  UniqueModel,
} from '../../schema/model.js'
import { quoteIdent, quoteLiteral } from '../../runtime/sql.js'
import { ddlType } from '../../schema/types-map.js'
import { UserError } from '../diagnostics.js'
import {
  addForeignKeySql,
  checkClause,
  columnDefinition,
  createEnumSql,
  createExtensionSql,
  createIndexSql,
  createTableSql,
  primaryKeyClause,
  uniqueClause,
} from '../emit/ddl.js'

const q = quoteIdent

/** Renames chosen for a diff: table old -> new, and per (new) table, column old -> new. */
export interface Renames {
  readonly tables: ReadonlyMap<string, string>
  readonly columns: ReadonlyMap<string, ReadonlyMap<string, string>>
}

export const noRenames: Renames = { tables: new Map(), columns: new Map() }

export function reverseRenames(renames: Renames): Renames {
  const tables = new Map([...renames.tables].map(([from, to]) => [to, from]))
  const columns = new Map<string, Map<string, string>>()
  for (const [table, map] of renames.columns) {
    const oldTable = [...renames.tables].find(([, to]) => to === table)?.[0] ?? table
    columns.set(oldTable, new Map([...map].map(([from, to]) => [to, from])))
  }
  return { tables, columns }
}

export interface Lint {
  readonly level: 'danger' | 'warning' | 'note'
  readonly message: string
}

export interface Diff {
  /** Statements, in the order to run them. */
  readonly statements: readonly string[]
  readonly lints: readonly Lint[]
  /** One line per change, for people. */
  readonly summary: readonly string[]
}

export interface RenameCandidate {
  readonly kind: 'table' | 'column'
  /** For columns: the table (its name in the new model). */
  readonly table?: string
  readonly from: string
  readonly to: string
}

// ---------------------------------------------------------------------------------------
// Comparisons

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

function sameColumnsDefinition(a: ColumnModel, b: ColumnModel): boolean {
  return same(a.type, b.type) && a.nullable === b.nullable && a.default === b.default
}

function fkShape(fk: ForeignKeyModel, map: (c: string) => string, tableMap: (t: string) => string) {
  return [fk.columns.map(map), tableMap(fk.references.table), fk.references.columns, fk.onDelete, fk.onUpdate]
}

function indexShape(index: IndexModel, map: (c: string) => string) {
  return [index.columns.map((c) => [map(c.name), c.desc]), index.unique, index.where, index.using]
}

/** Tables removed and added that look alike, and columns dropped and added with the same type. */
export function renameCandidates(from: SchemaModel, to: SchemaModel): RenameCandidate[] {
  const candidates: RenameCandidate[] = []
  const fromNames = new Set(from.tables.map((t) => t.name))
  const toNames = new Set(to.tables.map((t) => t.name))
  const removed = from.tables.filter((t) => !toNames.has(t.name))
  const added = to.tables.filter((t) => !fromNames.has(t.name))
  const taken = new Set<string>()
  for (const old of removed) {
    const columns = new Set(old.columns.map((c) => `${c.name}:${JSON.stringify(c.type)}`))
    let best: TableModel | undefined
    let bestScore = 0
    for (const candidate of added) {
      if (taken.has(candidate.name)) continue
      const other = candidate.columns.map((c) => `${c.name}:${JSON.stringify(c.type)}`)
      const shared = other.filter((c) => columns.has(c)).length
      const score = shared / (columns.size + other.length - shared)
      if (score > bestScore) (bestScore = score), (best = candidate)
    }
    if (best && bestScore >= 0.5) {
      taken.add(best.name)
      candidates.push({ kind: 'table', from: old.name, to: best.name })
    }
  }
  for (const table of to.tables) {
    const old = from.tables.find((t) => t.name === table.name)
    if (!old) continue
    const oldNames = new Set(old.columns.map((c) => c.name))
    const newNames = new Set(table.columns.map((c) => c.name))
    const dropped = old.columns.filter((c) => !newNames.has(c.name))
    const addedColumns = table.columns.filter((c) => !oldNames.has(c.name))
    const used = new Set<string>()
    for (const column of dropped) {
      const match = addedColumns.find((c) => !used.has(c.name) && same(c.type, column.type))
      if (match) {
        used.add(match.name)
        candidates.push({ kind: 'column', table: table.name, from: column.name, to: match.name })
      }
    }
  }
  return candidates
}

// ---------------------------------------------------------------------------------------
// Widening: type changes that keep every value

const integerRank: Record<string, number> = { smallint: 1, integer: 2, serial: 2, bigint: 3, bigserial: 3 }

function isWidening(from: ColumnModel['type'], to: ColumnModel['type']): boolean {
  if (from.dimensions !== to.dimensions) return false
  const a = from.name
  const b = to.name
  if (a in integerRank && b in integerRank) return integerRank[b]! >= integerRank[a]!
  if (a in integerRank && b === 'numeric') return to.precision === null || to.precision - (to.scale ?? 0) >= 19
  if (a === 'real' && b === 'doublePrecision') return true
  if ((a === 'varchar' || a === 'char') && b === 'text') return true
  if (a === 'varchar' && b === 'varchar') return to.length === null || (from.length !== null && to.length >= from.length)
  if (a === 'numeric' && b === 'numeric') {
    if (to.precision === null) return true
    if (from.precision === null) return false
    return to.scale! >= from.scale! && to.precision - to.scale! >= from.precision - from.scale!
  }
  if (a === 'json' && b === 'jsonb') return true
  if (a === 'text' && b === 'citext') return true
  return false
}

// ---------------------------------------------------------------------------------------
// The diff

interface Step {
  readonly phase: number
  readonly sql: string
}

/** Phases, in the order their statements run. */
const Phase = {
  extension: 0,
  createEnum: 1,
  changeEnum: 2,
  rename: 3,
  dropForeignKey: 4,
  dropIndex: 5,
  dropConstraint: 6,
  dropTable: 7,
  createTable: 8,
  addColumn: 9,
  alterColumn: 10,
  dropColumn: 11,
  addConstraint: 12,
  addForeignKey: 13,
  createIndex: 14,
  dropEnum: 15,
} as const

export function diffModels(from: SchemaModel, to: SchemaModel, renames: Renames = noRenames): Diff {
  const steps: Step[] = []
  const lints: Lint[] = []
  const summary: string[] = []
  const add = (phase: number, sql: string) => steps.push({ phase, sql })

  const newTableName = (name: string) => renames.tables.get(name) ?? name
  const columnRenames = (table: string) => renames.columns.get(table) ?? new Map<string, string>()

  // Extensions are only ever added: dropping one could drop what other code relies on.
  for (const extension of to.extensions) {
    if (!from.extensions.includes(extension)) {
      add(Phase.extension, createExtensionSql(extension))
      summary.push(`create extension ${extension}`)
    }
  }

  // Enums
  const fromEnums = new Map(from.enums.map((e) => [e.name, e]))
  const toEnums = new Map(to.enums.map((e) => [e.name, e]))
  for (const e of to.enums) {
    const old = fromEnums.get(e.name)
    if (!old) {
      add(Phase.createEnum, createEnumSql(e))
      summary.push(`create enum ${e.name}`)
    } else if (!same(old.values, e.values)) {
      changeEnum(old, e)
    }
  }
  for (const e of from.enums) {
    if (!toEnums.has(e.name)) {
      add(Phase.dropEnum, `DROP TYPE ${q(e.name)};`)
      summary.push(`drop enum ${e.name}`)
    }
  }

  function changeEnum(old: EnumModel, next: EnumModel) {
    // Only additions (existing values kept in order): ADD VALUE, placed where they belong.
    const kept = next.values.filter((v) => old.values.includes(v))
    if (same(kept, old.values)) {
      next.values.forEach((value, i) => {
        if (old.values.includes(value)) return
        const after = next.values.slice(0, i).reverse().find((v) => old.values.includes(v) || next.values.indexOf(v) < i)
        const before = next.values.slice(i + 1).find((v) => old.values.includes(v))
        const position = before !== undefined ? ` BEFORE ${quoteLiteral(before)}` : after !== undefined ? ` AFTER ${quoteLiteral(after)}` : ''
        add(Phase.changeEnum, `ALTER TYPE ${q(next.name)} ADD VALUE ${quoteLiteral(value)}${position};`)
      })
      summary.push(`add values to enum ${next.name}`)
      lints.push({ level: 'note', message: `enum ${next.name} gets new values; PostgreSQL does not let this migration's own statements use them (split the migration if it must)` })
      return
    }
    // Values removed or reordered: create the type anew and convert the columns through text.
    const removed = old.values.filter((v) => !next.values.includes(v))
    if (removed.length > 0) {
      lints.push({ level: 'danger', message: `enum ${next.name} loses ${removed.map((v) => `'${v}'`).join(', ')}: the migration fails if a row still holds one` })
    }
    const oldName = `${next.name}__old`
    add(Phase.changeEnum, `ALTER TYPE ${q(next.name)} RENAME TO ${q(oldName)};`)
    add(Phase.changeEnum, createEnumSql(next))
    for (const table of from.tables) {
      for (const column of table.columns) {
        if (column.type.enumName !== next.name) continue
        const ref = `${q(table.name)}`
        const type = ddlType(column.type)
        if (column.default !== null) add(Phase.changeEnum, `ALTER TABLE ${ref} ALTER COLUMN ${q(column.name)} DROP DEFAULT;`)
        add(
          Phase.changeEnum,
          `ALTER TABLE ${ref} ALTER COLUMN ${q(column.name)} TYPE ${type} USING ${q(column.name)}::text${'[]'.repeat(column.type.dimensions)}::${type};`,
        )
        const target = to.tables.find((t) => t.name === newTableName(table.name))?.columns.find((c) => c.name === (columnRenames(newTableName(table.name)).get(column.name) ?? column.name))
        if (target?.default) add(Phase.changeEnum, `ALTER TABLE ${ref} ALTER COLUMN ${q(column.name)} SET DEFAULT ${target.default};`)
      }
    }
    add(Phase.changeEnum, `DROP TYPE ${q(oldName)};`)
    summary.push(`recreate enum ${next.name} (values removed or reordered)`)
  }

  // Tables
  const toTables = new Map(to.tables.map((t) => [t.name, t]))
  const fromByNewName = new Map(from.tables.map((t) => [newTableName(t.name), t]))
  for (const [oldName, newName] of renames.tables) {
    if (!from.tables.some((t) => t.name === oldName) || !toTables.has(newName)) {
      throw new UserError(`rename ${oldName}=${newName}: ${!toTables.has(newName) ? `the schema has no table "${newName}"` : `the database has no table "${oldName}"`}`)
    }
    add(Phase.rename, `ALTER TABLE ${q(oldName)} RENAME TO ${q(newName)};`)
    summary.push(`rename table ${oldName} to ${newName}`)
    const table = from.tables.find((t) => t.name === oldName)!
    for (const column of table.columns) {
      if (column.type.name === 'serial' || column.type.name === 'bigserial') {
        // The sequence keeps the old name unless renamed with the table.
        const newColumn = columnRenames(newName).get(column.name) ?? column.name
        add(Phase.rename, `ALTER SEQUENCE ${q(`${oldName}_${column.name}_seq`)} RENAME TO ${q(`${newName}_${newColumn}_seq`)};`)
      }
    }
  }

  for (const table of to.tables) {
    const old = fromByNewName.get(table.name)
    if (!old) {
      add(Phase.createTable, createTableSql(table, []))
      for (const fk of table.foreignKeys) {
        add(Phase.addForeignKey, addForeignKeySql(table, fk))
        lintForeignKeyIndex(table, fk)
      }
      for (const index of table.indexes) add(Phase.createIndex, createIndexSql(table, index))
      summary.push(`create table ${table.name}`)
    } else {
      diffTable(old, table)
    }
  }
  const dropped = from.tables.filter((table) => !toTables.has(newTableName(table.name)))
  // One statement: PostgreSQL then handles foreign keys between the dropped tables.
  if (dropped.length > 0) add(Phase.dropTable, `DROP TABLE ${dropped.map((t) => q(t.name)).join(', ')};`)
  for (const table of dropped) {
    summary.push(`drop table ${table.name}`)
    lints.push({ level: 'danger', message: `drops table ${table.name} and all its rows` })
    // Foreign keys from tables that stay must go first.
    for (const other of from.tables) {
      if (other === table || !toTables.has(newTableName(other.name))) continue
      for (const fk of other.foreignKeys) {
        const next = toTables.get(newTableName(other.name))!
        const kept = next.foreignKeys.some((f) => f.name === fk.name)
        if (fk.references.table === table.name && kept) {
          throw new UserError(`cannot drop table ${table.name}: ${other.name}.${fk.name} still references it`)
        }
      }
    }
  }

  function lintForeignKeyIndex(table: TableModel, fk: ForeignKeyModel) {
    const covered =
      (table.primaryKey && startsWith(table.primaryKey.columns, fk.columns)) ||
      table.uniques.some((u) => startsWith(u.columns, fk.columns)) ||
      table.indexes.some((i) => i.where === null && startsWith(i.columns.map((c) => c.name), fk.columns))
    if (!covered) {
      lints.push({
        level: 'warning',
        message: `foreign key ${table.name}(${fk.columns.join(', ')}) has no index: deletes in ${fk.references.table} and joins will scan ${table.name}; add index(...) on it`,
      })
    }
  }

  function diffTable(old: TableModel, table: TableModel) {
    const map = columnRenames(table.name)
    const newColumnName = (c: string) => map.get(c) ?? c
    const name = table.name
    const ref = q(name)
    const oldColumns = new Map(old.columns.map((c) => [newColumnName(c.name), c]))
    const newColumns = new Map(table.columns.map((c) => [c.name, c]))
    for (const [from, toName] of map) {
      if (!old.columns.some((c) => c.name === from) || !newColumns.has(toName)) {
        throw new UserError(`rename ${name}.${from}=${toName}: no such column ${!newColumns.has(toName) ? `"${toName}" in the schema` : `"${from}" in the database`}`)
      }
      add(Phase.rename, `ALTER TABLE ${ref} RENAME COLUMN ${q(from)} TO ${q(toName)};`)
      summary.push(`rename column ${name}.${from} to ${toName}`)
    }

    // Constraints and indexes that only changed their name (after renames) are renamed.
    const tableMap = (t: string) => newTableName(t)
    const renamedConstraints = new Set<string>()
    const matchRenamed = <T extends { name: string }>(olds: readonly T[], news: readonly T[], shape: (x: T) => unknown, sql: (from: string, to: string) => string) => {
      const unmatchedOld = olds.filter((o) => !news.some((n) => n.name === o.name))
      const unmatchedNew = news.filter((n) => !olds.some((o) => o.name === n.name))
      for (const o of unmatchedOld) {
        const match = unmatchedNew.find((n) => same(shape(n), shape(o)) && !renamedConstraints.has('new:' + n.name))
        if (!match) continue
        renamedConstraints.add('old:' + o.name).add('new:' + match.name)
        add(Phase.rename, sql(o.name, match.name))
      }
    }
    const renameConstraint = (from: string, toName: string) => `ALTER TABLE ${ref} RENAME CONSTRAINT ${q(from)} TO ${q(toName)};`
    const pkShapeOld = old.primaryKey && { ...old.primaryKey, columns: old.primaryKey.columns.map(newColumnName) }
    matchRenamed(pkShapeOld ? [pkShapeOld] : [], table.primaryKey ? [table.primaryKey] : [], (p) => p.columns, renameConstraint)
    matchRenamed(old.uniques.map((u) => ({ ...u, columns: u.columns.map(newColumnName) })), table.uniques, (u) => u.columns, renameConstraint)
    matchRenamed(old.foreignKeys, table.foreignKeys, (f) => fkShape(f, newColumnName, tableMap), renameConstraint)
    matchRenamed(old.checks, table.checks, (c) => c.expression, renameConstraint)
    matchRenamed(old.indexes, table.indexes, (i) => indexShape(i, newColumnName), (from, toName) => `ALTER INDEX ${q(from)} RENAME TO ${q(toName)};`)
    const wasRenamed = (name: string) => renamedConstraints.has('old:' + name)
    const isRenameTarget = (name: string) => renamedConstraints.has('new:' + name)

    // Columns
    for (const column of table.columns) {
      const before = oldColumns.get(column.name)
      if (!before) {
        add(Phase.addColumn, `ALTER TABLE ${ref} ADD COLUMN ${columnDefinition(column)};`)
        summary.push(`add column ${name}.${column.name}`)
        if (!column.nullable && column.default === null && column.type.name !== 'serial' && column.type.name !== 'bigserial') {
          lints.push({ level: 'danger', message: `${name}.${column.name} is NOT NULL without a default: adding it fails if ${name} has rows; add a default, or add it nullable and backfill first` })
        }
        continue
      }
      if (sameColumnsDefinition(before, column)) continue
      const target = `ALTER TABLE ${ref} ALTER COLUMN ${q(column.name)}`
      const typeChanged = !same(before.type, column.type)
      const serialBefore = before.type.name === 'serial' || before.type.name === 'bigserial'
      const serialAfter = column.type.name === 'serial' || column.type.name === 'bigserial'
      if (typeChanged && serialBefore !== serialAfter) {
        throw new UserError(
          `${name}.${column.name} changes between ${before.type.name} and ${column.type.name}; dbridge cannot write that migration. ` +
            'Write it by hand (create or drop the sequence), then run migrate diff again',
        )
      }
      const defaultChanged = before.default !== column.default
      if (typeChanged) {
        if (before.default !== null) add(Phase.alterColumn, `${target} DROP DEFAULT;`)
        const type = serialAfter ? ddlType({ ...column.type, name: column.type.name === 'serial' ? 'integer' : 'bigint' }) : ddlType(column.type)
        add(Phase.alterColumn, `${target} TYPE ${type} USING ${q(column.name)}::${type};`)
        if (serialAfter) {
          // serial -> bigserial: the sequence stays; only the column type widens.
        } else if (column.default !== null) add(Phase.alterColumn, `${target} SET DEFAULT ${column.default};`)
        summary.push(`change type of ${name}.${column.name} to ${ddlType(column.type)}`)
        if (!isWidening(before.type, column.type)) {
          lints.push({ level: 'danger', message: `${name}.${column.name} changes from ${ddlType(before.type)} to ${ddlType(column.type)}: values may not convert, or may lose precision` })
        }
      } else if (defaultChanged) {
        add(Phase.alterColumn, column.default === null ? `${target} DROP DEFAULT;` : `${target} SET DEFAULT ${column.default};`)
        summary.push(`${column.default === null ? 'drop' : 'set'} default of ${name}.${column.name}`)
      }
      if (before.nullable !== column.nullable) {
        add(Phase.alterColumn, `${target} ${column.nullable ? 'DROP' : 'SET'} NOT NULL;`)
        summary.push(`${column.nullable ? 'allow' : 'forbid'} NULL in ${name}.${column.name}`)
        if (!column.nullable) {
          lints.push({ level: 'warning', message: `${name}.${column.name} becomes NOT NULL: fails if a row holds NULL, and scans ${name} under an exclusive lock` })
        }
      }
    }
    for (const [newName, column] of oldColumns) {
      if (newColumns.has(newName)) continue
      add(Phase.dropColumn, `ALTER TABLE ${ref} DROP COLUMN ${q(column.name)};`)
      summary.push(`drop column ${name}.${column.name}`)
      lints.push({ level: 'danger', message: `drops column ${name}.${column.name} and its data` })
    }

    // Primary key, uniques, checks, foreign keys, indexes: by name; changed ones are replaced.
    const oldPk = pkShapeOld
    const newPk = table.primaryKey
    if (oldPk && !wasRenamed(oldPk.name) && (!newPk || newPk.name !== oldPk.name || !same(oldPk.columns, newPk.columns))) {
      add(Phase.dropConstraint, `ALTER TABLE ${ref} DROP CONSTRAINT ${q(oldPk.name)};`)
      summary.push(`drop primary key ${oldPk.name}`)
    }
    if (newPk && !isRenameTarget(newPk.name) && (!oldPk || newPk.name !== oldPk.name || !same(oldPk.columns, newPk.columns))) {
      add(Phase.addConstraint, `ALTER TABLE ${ref} ADD ${primaryKeyClause(table)};`)
      summary.push(`add primary key ${newPk.name}`)
    }
    diffNamed(
      old.uniques.map((u) => ({ ...u, columns: u.columns.map(newColumnName) })),
      table.uniques,
      (u) => u.columns,
      (u) => add(Phase.dropConstraint, `ALTER TABLE ${ref} DROP CONSTRAINT ${q(u.name)};`),
      (u: UniqueModel) => add(Phase.addConstraint, `ALTER TABLE ${ref} ADD ${uniqueClause(u)};`),
      'unique constraint',
    )
    diffNamed(
      old.checks,
      table.checks,
      (c) => c.expression,
      (c) => add(Phase.dropConstraint, `ALTER TABLE ${ref} DROP CONSTRAINT ${q(c.name)};`),
      (c: CheckModel) => add(Phase.addConstraint, `ALTER TABLE ${ref} ADD ${checkClause(c)};`),
      'check',
    )
    diffNamed(
      old.foreignKeys,
      table.foreignKeys,
      (f) => fkShape(f, newColumnName, tableMap),
      (f) => add(Phase.dropForeignKey, `ALTER TABLE ${ref} DROP CONSTRAINT ${q(f.name)};`),
      (f: ForeignKeyModel) => {
        add(Phase.addForeignKey, addForeignKeySql(table, f))
        lintForeignKeyIndex(table, f)
      },
      'foreign key',
    )
    diffNamed(
      old.indexes,
      table.indexes,
      (i) => indexShape(i, newColumnName),
      (i) => add(Phase.dropIndex, `DROP INDEX ${q(i.name)};`),
      (i: IndexModel) => {
        add(Phase.createIndex, createIndexSql(table, i))
        lints.push({
          level: 'warning',
          message: `CREATE INDEX ${i.name} on existing table ${name} blocks writes while it builds; for a large table use CREATE INDEX CONCURRENTLY in a migration marked -- dbridge: no-transaction`,
        })
      },
      'index',
    )

    function diffNamed<T extends { name: string }>(
      olds: readonly T[],
      news: readonly T[],
      shape: (x: T) => unknown,
      drop: (x: T) => void,
      create: (x: T) => void,
      what: string,
    ) {
      for (const o of olds) {
        if (wasRenamed(o.name)) continue
        const n = news.find((x) => x.name === o.name)
        if (!n || !same(shape(n), shape(o))) {
          drop(o)
          summary.push(`drop ${what} ${o.name}`)
        }
      }
      for (const n of news) {
        if (isRenameTarget(n.name)) continue
        const o = olds.find((x) => x.name === n.name)
        if (!o || !same(shape(n), shape(o))) {
          create(n)
          summary.push(`${o ? 'replace' : 'add'} ${what} ${n.name}`)
        }
      }
    }
  }

  const statements = steps
    .map((step, i) => ({ ...step, i }))
    .sort((a, b) => a.phase - b.phase || a.i - b.i)
    .map((step) => step.sql)
  return { statements, lints, summary }
}

function startsWith(columns: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= columns.length && prefix.every((c, i) => columns[i] === c)
}
