/**
 * The module of one table: its imports, then its types (table-types.ts), zod schemas
 * (table-zod.ts), row decoders (table-decoders.ts) and the metadata the runtime client runs
 * on (table-meta.ts). The output is concrete and shallow so the type checker stays fast on
 * large schemas.
 */
import type { ColumnModel, SchemaModel, TableModel } from '../../schema/model.js'
import type { RelationModel } from '../../schema/relations.js'
import { changeTypeName, enumOf, filterTypeName, rowOf } from './column-values.js'
import { relationsOf, relativeModule, commentSafe, type EmitContext } from './common.js'
import { enumValuesName } from './enums.js'
import { importsFrom } from './imports.js'
import { tableNames, type TableNames } from './names.js'
import type { Statement } from './syntax.js'
import { tableDecoderStatements } from './table-decoders.js'
import { tableMetaStatement, uniqueKeys } from './table-meta.js'
import { tableTypeStatements } from './table-types.js'
import { tableZodStatements, zodHelper } from './table-zod.js'

/** What the parts of a table's module read. */
export interface TableContext {
  readonly model: SchemaModel
  readonly table: TableModel
  readonly names: TableNames
  /** The table's SQL name, safe inside a comment. */
  readonly quotedName: string
  readonly relations: readonly { readonly relation: RelationModel; readonly target: TableModel; readonly names: TableNames; readonly self: boolean }[]
  readonly primaryKey: readonly ColumnModel[]
  readonly uniqueKeys: readonly string[][]
}

const byName = <T>(entries: Iterable<[string, T]>) => [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))

function tableContext(model: SchemaModel, table: TableModel): TableContext {
  return {
    model,
    table,
    names: tableNames(table),
    quotedName: commentSafe(table.name),
    relations: relationsOf(model, table.name).map((relation) => {
      const target = model.tables.find((t) => t.name === relation.target)!
      return { relation, target, names: tableNames(target), self: target.name === table.name }
    }),
    primaryKey: table.primaryKey?.columns.map((name) => table.columns.find((c) => c.name === name)!) ?? [],
    uniqueKeys: uniqueKeys(table),
  }
}

/** The imports of the module: the runtime's functions and types it uses, related tables, enums, the json types' modules. */
function imports(ctx: EmitContext, t: TableContext, helpers: ReadonlySet<string>): Statement[] {
  const columns = t.table.columns
  const changeTypes = new Set(columns.map(changeTypeName).filter((name) => name !== undefined))
  const filterTypes = new Set(columns.map(filterTypeName))
  const relationTypes = new Set<string>()
  for (const { relation } of t.relations) {
    relationTypes.add(relation.kind === 'one' ? 'OneRelation' : relation.kind === 'many' ? 'ManyRelation' : 'ManyToManyRelation')
    relationTypes.add(relation.kind === 'one' ? 'OneFilter' : 'ManyFilter')
  }
  const runtimeValues = ['z', 'defineTable', ...[...helpers].sort()]
  const runtimeTypes = ['RawRow', 'JsonRow', 'TableMeta', 'TableClient', 'SortDirection', ...[...changeTypes].sort(), ...[...filterTypes].sort(), ...[...relationTypes].sort()]
  const statements = [importsFrom('dbridge/runtime', runtimeValues, runtimeTypes)]
  const related = new Map<string, TableNames>()
  for (const entry of t.relations) if (!entry.self) related.set(entry.names.file, entry.names)
  for (const [file, names] of byName(related)) statements.push(importsFrom(`./${file}.js`, [names.meta], [names.types, names.where]))
  const enumTypes = [...new Set(columns.filter((c) => rowOf(c).tsFrom === 'enum').map((c) => enumOf(t.model, c).tsName))].sort()
  if (enumTypes.length > 0) statements.push(importsFrom('./enums.js', enumTypes.map(enumValuesName), enumTypes))
  const typeImports = new Map<string, Set<string>>()
  for (const column of columns) {
    for (const imp of column.tsTypeImports) {
      const module = imp.local ? relativeModule(ctx, imp.module) : imp.module
      if (!typeImports.has(module)) typeImports.set(module, new Set())
      typeImports.get(module)!.add(imp.name)
    }
  }
  for (const [module, names] of byName(typeImports)) statements.push(importsFrom(module, [], [...names].sort()))
  return statements
}

export function emitTableStatements(ctx: EmitContext, table: TableModel): Statement[] {
  const t = tableContext(ctx.model, table)
  const helpers = new Set<string>()
  for (const column of table.columns) {
    const helper = zodHelper(column)
    if (helper) helpers.add(helper)
  }
  const body = [...tableTypeStatements(t), ...tableZodStatements(t), ...tableDecoderStatements(t, helpers), tableMetaStatement(t)]
  return [...imports(ctx, t, helpers), ...body]
}
