/**
 * Many-to-many links: `manyToMany(a, b, { through })` names an explicit join table;
 * `manyToMany(a, b)` creates one, `a_b(a_id, b_id)`, keyed by both columns, with cascading
 * foreign keys and an index for lookups from the second side.
 */
import type { ManyToMany } from '../../../schema/dsl.js'
import type { ColumnModel, ForeignKeyModel, ManyToManyModel, TableModel } from '../../../schema/model.js'
import { applyCasing, camelCase, constraintName, rowTypeName, singular } from '../../../schema/naming.js'
import { serialStorage } from '../../../schema/column-types.js'
import type { Context, Where } from './context.js'
import { noValidators } from './validators.js'

/** A join table column referencing `model`'s single-column primary key, or undefined (with a diagnostic). */
function joinColumn(ctx: Context, model: TableModel, key: string): ColumnModel | undefined {
  if (model.primaryKey?.columns.length !== 1) {
    ctx.diagnostics.push({
      file: model.source?.file ?? null,
      table: model.tsName,
      message: `manyToMany needs ${model.tsName} to have a single-column primary key`,
      hint: 'declare the join table yourself and pass it as { through: joinTable }',
    })
    return undefined
  }
  const pk = model.columns.find((c) => c.name === model.primaryKey!.columns[0])!
  return { ...pk, name: applyCasing(key, ctx.casing), tsName: key, type: serialStorage(pk.type), nullable: false, default: null, validators: noValidators }
}

function joinForeignKey(joinName: string, column: ColumnModel, target: TableModel): ForeignKeyModel {
  return {
    name: constraintName([joinName, column.name], 'fkey'),
    columns: [column.name],
    references: { table: target.name, columns: [...target.primaryKey!.columns] },
    onDelete: 'cascade',
    onUpdate: 'cascade',
    relationName: null,
    inverseName: null,
  }
}

/** The links between exported tables, and the join tables created for them. */
export function normalizeManyToMany(ctx: Context, declared: readonly ManyToMany[], tables: readonly TableModel[]): { links: ManyToManyModel[]; joinTables: TableModel[] } {
  const links: ManyToManyModel[] = []
  const joinTables: TableModel[] = []
  for (const link of declared) {
    const left = ctx.entries.get(link.left)
    const right = ctx.entries.get(link.right)
    if (!left || !right) continue // declared in a file outside the schema globs
    const at: Where = { file: left.file, table: left.exportName }
    const names = { name: link.options.name ?? null, inverse: link.options.inverse ?? null }
    if (link.options.through) {
      const through = ctx.entries.get(link.options.through)
      if (!through) {
        ctx.diagnostics.push({ ...at, message: 'manyToMany(..., { through }) names a table that no schema file exports', hint: 'export the join table' })
        continue
      }
      links.push({ left: left.definition.name, right: right.definition.name, through: through.definition.name, implicit: false, ...names })
      continue
    }
    const joinName = link.options.tableName ?? `${left.definition.name}_${right.definition.name}`
    const leftModel = tables.find((t) => t.name === left.definition.name)!
    const rightModel = tables.find((t) => t.name === right.definition.name)!
    const leftKey = `${singular(left.exportName)}Id`
    const rightKey = `${singular(right.exportName)}Id`
    if (leftKey === rightKey) {
      ctx.diagnostics.push({
        ...at,
        message: `manyToMany(${left.exportName}, ${right.exportName}) would give the join table two columns named ${leftKey}`,
        hint: 'declare the join table yourself and pass it as { through: joinTable }',
      })
      continue
    }
    const leftColumn = joinColumn(ctx, leftModel, leftKey)
    const rightColumn = joinColumn(ctx, rightModel, rightKey)
    if (!leftColumn || !rightColumn) continue
    const tsName = camelCase(joinName)
    joinTables.push({
      kind: 'table',
      name: joinName,
      tsName,
      typeName: rowTypeName(tsName),
      columns: [leftColumn, rightColumn],
      primaryKey: { name: constraintName([joinName], 'pkey'), columns: [leftColumn.name, rightColumn.name] },
      uniques: [],
      foreignKeys: [joinForeignKey(joinName, leftColumn, leftModel), joinForeignKey(joinName, rightColumn, rightModel)],
      // The primary key serves lookups from the left side; this index serves the right side.
      indexes: [{ name: constraintName([joinName, rightColumn.name], 'idx'), columns: [{ name: rightColumn.name, desc: false }], unique: false, where: null, using: 'btree' }],
      checks: [],
      source: { file: left.file, exportName: tsName },
    })
    links.push({ left: left.definition.name, right: right.definition.name, through: joinName, implicit: true, ...names })
  }
  return { links, joinTables }
}
