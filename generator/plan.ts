/**
 * Plan: the schema model -> the files of the client. Each file is a unit with a cache key
 * computed from exactly the inputs that decide its text, and an `emit` function that
 * produces its statements (or, for SQL, its text). Pure: the same model gives the same files.
 *
 * Because a table's module depends only on that table (and the enums), the format stage
 * can skip emitting and formatting every unit whose key it has seen: after one table
 * changed, only that table is emitted again.
 */
import type { SchemaModel, TableModel } from '../schema/model.js'
import { header, relationsOf, type EmitContext, type Statement } from './emit/common.js'
import { schemaSql } from './emit/ddl.js'
import { tableModulePath } from './emit/names.js'

// The TypeScript emitters load ts-morph (and with it the TypeScript compiler): they are
// imported only when a unit is not in the format stage's cache.
const tableEmitter = () => import('./emit/table.js')
const enumsEmitter = () => import('./emit/enums.js')
const indexEmitter = () => import('./emit/client-index.js')

export interface PlannedFile {
  /** Path relative to the output directory. */
  readonly path: string
  readonly contents: string
}

/** A TypeScript module: its header line and its top-level statements. */
export interface ModuleContent {
  readonly header: string
  readonly statements: readonly Statement[]
}

export interface PlannedUnit {
  readonly path: string
  /** Identifies the inputs of this file (with the output path). */
  readonly key: string
  /** A TypeScript module (laid out by the format stage) or finished text (SQL). */
  readonly emit: () => Promise<ModuleContent | string>
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
      emit: async () => ({ header: header(table.source ? [table.source.file] : []), statements: (await tableEmitter()).emitTableStatements(ctx, table) }),
    })
  }
  if (model.enums.length > 0) {
    const sources = [...new Set(model.enums.map((e) => e.source?.file).filter((f): f is string => !!f))].sort()
    units.push({
      path: 'enums.ts',
      key: JSON.stringify(['enums', model.enums]),
      emit: async () => ({ header: header(sources), statements: (await enumsEmitter()).emitEnumStatements(model) }),
    })
  }
  units.push({
    path: 'index.ts',
    key: JSON.stringify(['index', tables.map((t) => [t.tsName, t.typeName]), model.enums.map((e) => e.tsName)]),
    emit: async () => ({ header: header([]), statements: (await indexEmitter()).emitIndexStatements(model, tables) }),
  })
  units.push({ path: 'schema.sql', key: JSON.stringify(['ddl', model]), emit: async () => schemaSql(model) })
  return units.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}
