/**
 * Keys, checks and indexes: those a column declares (`.unique()`, `.check()`, validators)
 * and the table extras (`primaryKey()`, `unique()`, `index()`, `foreignKey()`, `check()`),
 * with the constraint names PostgreSQL would choose.
 */
import type { CheckModel, ColumnModel, ForeignKeyModel, IndexKey, IndexModel, UniqueModel } from '../../../schema/model.js'
import type { AnyColumn, ForeignKeyExtra, IndexExtra, PrimaryKeyExtra, UniqueExtra } from '../../../schema/dsl.js'
import { constraintName, indexName } from '../../../schema/naming.js'
import { isSqlFragment } from '../../../runtime/sql.js'
import { ddlOf, isColumn, sqlNameOf, type Context, type TableEntry, type Where } from './context.js'
import { foreignKeyExtra } from './relations.js'
import { validatorCondition } from './validators.js'

/** A table's parts as normalize gathers them, column by column and then extra by extra. */
export interface TableParts {
  readonly columns: ColumnModel[]
  readonly primaryKeyColumns: string[]
  /** Set by `primaryKey(...).name(...)`. */
  primaryKeyName: string | undefined
  readonly uniques: UniqueModel[]
  readonly foreignKeys: ForeignKeyModel[]
  readonly indexes: IndexModel[]
  readonly checks: CheckModel[]
}

/** The unique constraint and checks a column declares (validators included), in that order. */
export function columnConstraints(ctx: Context, tableName: string, column: AnyColumn, model: ColumnModel, at: Where): { unique: UniqueModel | null; checks: CheckModel[] } {
  const name = model.name
  const unique = column.definition.unique ? { name: constraintName([tableName, name], 'key'), columns: [name] } : null
  const checks: CheckModel[] = []
  const validatorCheck = validatorCondition(model)
  if (validatorCheck) checks.push({ name: constraintName([tableName, name], 'valid'), expression: validatorCheck })
  column.definition.checks.forEach((condition, i) => {
    const expression = ddlOf(ctx, condition, at, 'check')
    if (expression) checks.push({ name: constraintName([tableName, name], i === 0 ? 'check' : `check${i + 1}`), expression })
  })
  return { unique, checks }
}

/** Runs the table extras callback and adds what it returns to `parts`. */
export function addExtras(ctx: Context, entry: TableEntry, parts: TableParts): void {
  const { definition: def, exportName, file } = entry
  const tableName = def.name
  const at: Where = { file, table: exportName, column: undefined }
  if (!def.extras) return

  // The SQL name of a column the extra lists, which must be one of this table's.
  const ownColumn = (column: unknown, what: string): string | undefined => {
    if (!isColumn(column)) {
      ctx.diagnostics.push({ ...at, message: `${what} lists something that is not a column` })
      return undefined
    }
    if (column.binding?.table !== entry.table) {
      ctx.diagnostics.push({ ...at, message: `${what} lists a column of another table`, hint: 'use the columns passed to the extras callback' })
      return undefined
    }
    return sqlNameOf(ctx, column)
  }
  const ownColumns = (columns: readonly unknown[], what: string) => columns.map((c) => ownColumn(c, what)).filter((n): n is string => !!n)

  let extras: readonly unknown[] = []
  try {
    extras = (def.extras as (columns: unknown) => readonly unknown[])(entry.table)
  } catch (error) {
    ctx.diagnostics.push({ ...at, message: `the table extras callback threw: ${(error as Error).message}` })
  }
  if (!Array.isArray(extras)) {
    ctx.diagnostics.push({ ...at, message: 'the table extras callback must return a list', hint: '(t) => [index(t.a), unique(t.b)]' })
    extras = []
  }
  for (const extra of extras) {
    const kind = typeof extra === 'object' && extra !== null ? (extra as { kind?: unknown }).kind : undefined
    if (kind === 'primaryKey') {
      const { columns, constraintName: name } = extra as PrimaryKeyExtra
      const names = ownColumns(columns, 'primaryKey()')
      if (parts.primaryKeyColumns.length > 0) {
        ctx.diagnostics.push({
          ...at,
          message: `has two primary keys (primaryKey(${names.join(', ')}) and ${parts.primaryKeyColumns.join(', ')})`,
          hint: 'keep only one primary key declaration',
        })
      } else {
        parts.primaryKeyColumns.push(...names)
        parts.primaryKeyName = name
      }
      if (names.length === 0) ctx.diagnostics.push({ ...at, message: 'primaryKey() needs at least one column' })
    } else if (kind === 'unique') {
      const { columns, constraintName: name } = extra as UniqueExtra
      const names = ownColumns(columns, 'unique()')
      if (names.length === 0) ctx.diagnostics.push({ ...at, message: 'unique() needs at least one column' })
      else parts.uniques.push({ name: name ?? constraintName([tableName, ...names], 'key'), columns: names })
    } else if (kind === 'index') {
      const { columns, options } = extra as IndexExtra
      const keys: IndexKey[] = []
      for (const item of columns) {
        if (isSqlFragment(item)) {
          const expression = ddlOf(ctx, item, at, 'index expression')
          if (expression) keys.push({ expression, desc: options.desc === true })
        } else {
          const name = ownColumn(item, 'index()')
          if (name) keys.push({ name, desc: options.desc === true })
        }
      }
      if (keys.length === 0) {
        ctx.diagnostics.push({ ...at, message: 'index() needs at least one column or expression' })
        continue
      }
      const where = options.where ? ddlOf(ctx, options.where, at, 'index predicate') : null
      parts.indexes.push({
        name: options.name ?? indexName(tableName, keys),
        columns: keys,
        unique: options.unique === true,
        where: where ?? null,
        using: options.using ?? 'btree',
      })
    } else if (kind === 'foreignKey') {
      const fkExtra = extra as ForeignKeyExtra
      const fk = foreignKeyExtra(ctx, entry, fkExtra, ownColumns(fkExtra.columns, 'foreignKey()'), at)
      if (fk) parts.foreignKeys.push(fk)
    } else if (kind === 'check') {
      const c = extra as { name: unknown; condition: unknown }
      if (typeof c.name !== 'string') {
        ctx.diagnostics.push({ ...at, message: 'check() needs a name as its first argument' })
        continue
      }
      const expression = isSqlFragment(c.condition) ? ddlOf(ctx, c.condition, at, `check ${c.name}`) : undefined
      if (!isSqlFragment(c.condition)) ctx.diagnostics.push({ ...at, message: `check '${c.name}' needs a sql\`...\` condition` })
      if (expression) parts.checks.push({ name: c.name, expression })
    } else {
      ctx.diagnostics.push({
        ...at,
        message: 'the table extras list holds something that is not primaryKey(), unique(), index(), foreignKey() or check()',
      })
    }
  }
}
