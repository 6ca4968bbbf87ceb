/**
 * Plan: the schema model -> the files of the client. Each file is a unit with a cache key
 * computed from exactly the inputs that decide its text, and an `emit` function that
 * writes the text. Pure: the same model gives the same files.
 *
 * Because a table's module depends only on that table (and the enums and the tables its
 * relations reach), the output cache can skip emitting every unit whose key it has seen:
 * after one table changed, only that table is emitted again.
 */
import type { SchemaModel, TableModel } from '../../schema/model.js'
import { emitIndexStatements } from './client-index.js'
import { header, relationsOf, type EmitContext } from './common.js'
import { schemaSql } from './ddl.js'
import { emitEnumStatements } from './enums.js'
import { printModule } from './module.js'
import { tableModulePath } from './names.js'
import { emitQueryStatements } from './queries.js'
import { emitTableStatements } from './table.js'

export interface PlannedFile {
  /** Path relative to the output directory. */
  readonly path: string
  readonly contents: string
}

export interface PlannedUnit {
  readonly path: string
  /** Identifies the inputs of this file (with the output path). */
  readonly key: string
  /** The file's text: a TypeScript module laid out as prettier would, or SQL. */
  readonly emit: () => string
}

function relatedShape(model: SchemaModel, name: string) {
  const table = model.tables.find((t) => t.name === name)
  return table && [table.tsName, table.typeName, table.columns.map((c) => [c.name, c.tsName])]
}

/** Tables that get a client: all but the join tables `manyToMany` creates. */
export function clientTables(model: SchemaModel): TableModel[] {
  const implicit = new Set(model.manyToMany.filter((m) => m.implicit).map((m) => m.through))
  return model.tables.filter((t) => !implicit.has(t.name))
}

export function plan(ctx: EmitContext): PlannedUnit[] {
  const { model } = ctx
  const tables = clientTables(model)
  const units: PlannedUnit[] = []
  const place = { outDir: ctx.outDir, root: ctx.root }
  for (const table of tables) {
    const path = tableModulePath(table)
    units.push({
      path,
      // A table's module also depends on the tables its relations reach (their names and keys).
      key: JSON.stringify(['table', path, table, model.enums, place, relationsOf(model, table.name).map((r) => [r, relatedShape(model, r.target)])]),
      emit: () => printModule(header(table.source ? [table.source.file] : []), emitTableStatements(ctx, table)),
    })
  }
  if (model.enums.length > 0) {
    const sources = [...new Set(model.enums.map((e) => e.source?.file).filter((f): f is string => !!f))].sort()
    units.push({ path: 'enums.ts', key: JSON.stringify(['enums', model.enums]), emit: () => printModule(header(sources), emitEnumStatements(model)) })
  }
  const queries = ctx.queries ?? []
  if (queries.length > 0) {
    const sources = [...new Set(queries.map((q) => q.query.file))].sort()
    units.push({
      path: 'queries.ts',
      // Json result types name the tables' row types; enums are imported by name.
      key: JSON.stringify(['queries', queries, model.casing, model.enums, model.tables.map((t) => [t.name, t.tsName, t.typeName, t.columns.map((c) => [c.name, c.tsName, c.tsType])])]),
      emit: () => printModule(header(sources), emitQueryStatements(model, queries, model.casing)),
    })
  }
  units.push({
    path: 'index.ts',
    key: JSON.stringify(['index', tables.map((t) => [t.tsName, t.typeName]), model.enums.map((e) => e.tsName), queries.map((q) => [q.query.name, q.query.parameters.length, q.query.kind, q.description.columns.length])]),
    emit: () => printModule(header([]), emitIndexStatements(model, tables, queries)),
  })
  units.push({ path: 'schema.sql', key: JSON.stringify(['ddl', model]), emit: () => schemaSql(model) })
  return units.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}
