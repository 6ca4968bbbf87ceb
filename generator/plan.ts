/**
 * Plan: the schema model -> the files of the client, as `{ path, contents }` (unformatted
 * TypeScript, and `schema.sql`). Pure: the same model gives the same files.
 *
 * Each table's module depends only on that table (and the enums), so its text is cached
 * by a key of those inputs: regenerating after one table changed re-emits only that table.
 */
import { Project, type StatementStructures } from 'ts-morph'
import type { SchemaModel, TableModel } from '../schema/model.js'
import { header, type EmitContext } from './emit/common.js'
import { emitIndexStatements } from './emit/client-index.js'
import { schemaSql } from './emit/ddl.js'
import { emitEnumStatements } from './emit/enums.js'
import { emitTableStatements, tableModulePath } from './emit/table.js'

export interface PlannedFile {
  /** Path relative to the output directory. */
  readonly path: string
  readonly contents: string
  /** Whether prettier should format it (TypeScript). */
  readonly format: boolean
}

let project: Project | undefined
const tableCache = new Map<string, string>()

function print(statements: StatementStructures[], firstLine: string): string {
  project ??= new Project({ useInMemoryFileSystem: true, skipLoadingLibFiles: true })
  const file = project.createSourceFile('/emit.ts', { statements }, { overwrite: true })
  const text = file.getFullText()
  project.removeSourceFile(file)
  return `${firstLine}\n${text}`
}

/** Tables that get a client: all but the join tables `manyToMany` creates. */
export function clientTables(model: SchemaModel): TableModel[] {
  const implicit = new Set(model.manyToMany.filter((m) => m.implicit).map((m) => m.through))
  return model.tables.filter((t) => !implicit.has(t.name))
}

export function plan(ctx: EmitContext): PlannedFile[] {
  const { model } = ctx
  const tables = clientTables(model)
  const files: PlannedFile[] = []
  const enumsKey = JSON.stringify(model.enums)
  for (const table of tables) {
    const key = JSON.stringify([table, enumsKey, ctx.outDir, ctx.root])
    let contents = tableCache.get(key)
    if (contents === undefined) {
      contents = print(emitTableStatements(ctx, table), header(table.source ? [table.source.file] : []))
      tableCache.set(key, contents)
    }
    files.push({ path: tableModulePath(table), contents, format: true })
  }
  if (model.enums.length > 0) {
    const sources = [...new Set(model.enums.map((e) => e.source?.file).filter((f): f is string => !!f))].sort()
    files.push({ path: 'enums.ts', contents: print(emitEnumStatements(model), header(sources)), format: true })
  }
  files.push({ path: 'index.ts', contents: print(emitIndexStatements(model, tables), header([])), format: true })
  files.push({ path: 'schema.sql', contents: schemaSql(model), format: false })
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}
