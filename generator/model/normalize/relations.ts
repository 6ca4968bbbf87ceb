/**
 * Foreign keys, which relations are inferred from: `.references(() => column, options)` on
 * a column and `foreignKey([columns], () => [columns], options)` among the table extras.
 */
import { tableBrand, type AnyColumn, type ForeignKeyExtra, type ReferenceOptions } from '../../../schema/dsl.js'
import type { ForeignKeyModel } from '../../../schema/model.js'
import { constraintName } from '../../../schema/naming.js'
import { isColumn, sqlNameOf, type Context, type TableEntry, type Where } from './context.js'

const actions = ['cascade', 'restrict', 'set null', 'set default', 'no action']

/** The table and SQL column names that a reference points to, or undefined (with a diagnostic). */
function resolveTargets(ctx: Context, targets: readonly unknown[], at: Where, what: string): { table: TableEntry; columns: string[] } | undefined {
  let table: TableEntry | undefined
  const columns: string[] = []
  for (const target of targets) {
    if (!isColumn(target) || !target.binding) {
      ctx.diagnostics.push({
        ...at,
        message: `${what} returned ${target === undefined ? 'undefined' : 'something that is not a column of a table'}`,
        hint: 'return a column of an exported table, e.g. () => authors.id (check the column name)',
      })
      return undefined
    }
    const targetEntry = ctx.entries.get(target.binding.table)
    if (!targetEntry) {
      ctx.diagnostics.push({
        ...at,
        message: `references a column of table "${target.binding.table[tableBrand].name}", which no schema file exports`,
        hint: 'export that table from a file matched by the schema globs of the config',
      })
      return undefined
    }
    if (table && table !== targetEntry) {
      ctx.diagnostics.push({ ...at, message: `${what} lists columns of two tables`, hint: 'a foreign key references columns of one table' })
      return undefined
    }
    table = targetEntry
    columns.push(sqlNameOf(ctx, target))
  }
  return table && { table, columns }
}

function foreignKeyModel(ctx: Context, entry: TableEntry, names: string[], target: { table: TableEntry; columns: string[] }, options: ReferenceOptions, at: Where): ForeignKeyModel {
  for (const key of ['onDelete', 'onUpdate'] as const) {
    if (options[key] !== undefined && !actions.includes(options[key]!)) {
      ctx.diagnostics.push({ ...at, message: `${key} must be one of ${actions.map((a) => `'${a}'`).join(', ')}, got '${String(options[key])}'` })
    }
  }
  return {
    name: options.constraintName ?? constraintName([entry.definition.name, ...names], 'fkey'),
    columns: names,
    references: { table: target.table.definition.name, columns: target.columns },
    onDelete: options.onDelete ?? 'no action',
    onUpdate: options.onUpdate ?? 'no action',
    relationName: options.name ?? null,
    inverseName: options.inverse ?? null,
  }
}

/** The foreign key of a column's `.references(...)` (its SQL name is `name`), or undefined. */
export function columnReference(ctx: Context, entry: TableEntry, column: AnyColumn, name: string, at: Where): ForeignKeyModel | undefined {
  const { target: thunk, options } = column.definition.references!
  let target: unknown
  try {
    target = thunk()
  } catch (error) {
    ctx.diagnostics.push({
      ...at,
      message: `references(() => ...) threw: ${(error as Error).message}`,
      hint: 'the thunk must return a column of an exported table, e.g. () => authors.id',
    })
    return undefined
  }
  const resolved = resolveTargets(ctx, [target], at, 'references(() => ...)')
  if (!resolved) return undefined
  if (options.onDelete === 'set null' && !column.definition.nullable) {
    ctx.diagnostics.push({ ...at, message: "onDelete 'set null' on a column that is not nullable", hint: 'add .nullable() or choose another action' })
  }
  return foreignKeyModel(ctx, entry, [name], resolved, options, at)
}

/** The foreign key of a `foreignKey()` extra over the columns `names`, or undefined. */
export function foreignKeyExtra(ctx: Context, entry: TableEntry, extra: ForeignKeyExtra, names: string[], at: Where): ForeignKeyModel | undefined {
  let targets: readonly unknown[] = []
  try {
    targets = extra.references()
  } catch (error) {
    ctx.diagnostics.push({ ...at, message: `foreignKey(..., () => [...]) threw: ${(error as Error).message}` })
    return undefined
  }
  if (!Array.isArray(targets) || targets.length !== names.length || names.length === 0) {
    ctx.diagnostics.push({ ...at, message: 'foreignKey() needs as many referenced columns as columns', hint: 'foreignKey([t.a, t.b], () => [other.a, other.b])' })
    return undefined
  }
  const resolved = resolveTargets(ctx, targets, at, 'foreignKey(..., () => [...])')
  return resolved && foreignKeyModel(ctx, entry, names, resolved, extra.options, at)
}
