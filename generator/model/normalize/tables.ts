/** A table: its columns (with what each declares), then its extras. */
import type { AnyColumn } from '../../../schema/dsl.js'
import type { ColumnModel, TableModel } from '../../../schema/model.js'
import { constraintName, rowTypeName } from '../../../schema/naming.js'
import { isColumn, sqlNameOf, type Context, type TableEntry, type Where } from './context.js'
import { addExtras, columnConstraints, type TableParts } from './constraints.js'
import { columnReference } from './relations.js'
import { columnType, renderDefault } from './types.js'
import { normalizeValidators } from './validators.js'

function normalizeColumn(ctx: Context, entry: TableEntry, key: string, column: AnyColumn, parts: TableParts): void {
  const d = column.definition
  const at: Where = { file: entry.file, table: entry.exportName, column: key }
  const name = sqlNameOf(ctx, column)
  if (d.enumType) ctx.enums.add(d.enumType, at)
  const json = d.type === 'json' || d.type === 'jsonb'
  const jsonType = entry.info.jsonTypes.get(`${entry.exportName}.${key}`)
  const model: ColumnModel = {
    kind: 'column',
    name,
    tsName: key,
    type: columnType(column),
    nullable: d.nullable,
    default: renderDefault(ctx, column, at),
    validators: normalizeValidators(ctx, column, at),
    tsType: json ? (jsonType?.text ?? null) : null,
    tsTypeImports: json ? (jsonType?.imports ?? []) : [],
  }
  parts.columns.push(model)
  if (d.primaryKey) parts.primaryKeyColumns.push(name)
  const { unique, checks } = columnConstraints(ctx, entry.definition.name, column, model, at)
  if (unique) parts.uniques.push(unique)
  parts.checks.push(...checks)
  if (d.references) {
    const fk = columnReference(ctx, entry, column, name, at)
    if (fk) parts.foreignKeys.push(fk)
  }
}

export function normalizeTable(ctx: Context, entry: TableEntry): TableModel {
  const { definition: def, exportName, file } = entry
  const at: Where = { file, table: exportName, column: undefined }
  if (def.hasProtoKey) {
    ctx.diagnostics.push({
      ...at,
      message: 'the columns object has a __proto__ key, which JavaScript turns into a prototype instead of a column',
      hint: 'rename the column (use .dbName("__proto__") if the SQL name must be that)',
    })
  }
  const parts: TableParts = { columns: [], primaryKeyColumns: [], primaryKeyName: undefined, uniques: [], foreignKeys: [], indexes: [], checks: [] }
  for (const key of Object.keys(def.columns)) {
    const column = def.columns[key]
    if (!isColumn(column)) ctx.diagnostics.push({ ...at, column: key, message: 'is not a column', hint: 'build columns with t.*(), e.g. t.text()' })
    else normalizeColumn(ctx, entry, key, column, parts)
  }
  if (parts.primaryKeyColumns.length > 1) {
    ctx.diagnostics.push({
      ...at,
      message: `has two primary keys (${parts.primaryKeyColumns.join(', ')} are each marked .primaryKey())`,
      hint: 'mark one column, or declare a composite key with primaryKey(a, b) in the table extras',
    })
  }
  addExtras(ctx, entry, parts)
  const primaryKey = parts.primaryKeyColumns.length > 0 ? { name: parts.primaryKeyName ?? constraintName([def.name], 'pkey'), columns: parts.primaryKeyColumns } : null
  return {
    kind: 'table',
    name: def.name,
    tsName: exportName,
    typeName: def.options.typeName ?? rowTypeName(exportName),
    columns: parts.columns,
    primaryKey,
    uniques: parts.uniques,
    foreignKeys: parts.foreignKeys,
    indexes: parts.indexes,
    checks: parts.checks,
    source: { file, exportName },
  }
}
