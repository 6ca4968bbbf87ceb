/**
 * Typed SQL files, stage by stage: find the files (`queries` globs), split each into its
 * named statements, describe them (cache, else a throwaway database holding the schema),
 * and check what the descriptions make of them. Every problem becomes a diagnostic naming
 * the file, line and column.
 */
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import type { SchemaModel } from '../../schema/model.js'
import { databaseMembers } from '../../runtime/members.js'
import type { ResolvedConfig } from '../config.js'
import { SchemaError, type Diagnostic } from '../diagnostics.js'
import { schemaSql } from '../emit/ddl.js'
import { findFiles, toPosix } from '../load/glob.js'
import { checkDescribedQueries } from './check.js'
import { describeQueries, type DescribedQuery } from './describe.js'
import { parseSqlFile, type SqlFileQuery } from './sql-file.js'

export interface LoadedQueries {
  readonly queries: SqlFileQuery[]
  readonly diagnostics: Diagnostic[]
  /** Absolute paths of the files read. */
  readonly paths: string[]
}

/** Reads and splits every typed SQL file of the config. */
export function readQueryFiles(config: ResolvedConfig): LoadedQueries {
  const paths = config.queries.length > 0 ? findFiles(config.root, config.queries) : []
  const queries: SqlFileQuery[] = []
  const diagnostics: Diagnostic[] = []
  const firstFile = new Map<string, string>()
  for (const path of paths) {
    const file = toPosix(relative(config.root, path))
    const result = parseSqlFile(file, readFileSync(path, 'utf8'))
    diagnostics.push(...result.diagnostics)
    for (const query of result.queries) {
      const other = firstFile.get(query.name)
      if (other) {
        diagnostics.push({ file, position: { line: query.line, column: 1 }, message: `query ${query.name} is named in ${other} too`, hint: 'give each statement its own name' })
        continue
      }
      firstFile.set(query.name, `${file}:${query.line}`)
      queries.push(query)
    }
  }
  return { queries, diagnostics, paths }
}

/** The typed statements of the project, described and checked; throws SchemaError listing every problem. */
export async function buildQueries(config: ResolvedConfig, model: SchemaModel): Promise<{ described: DescribedQuery[]; fromDatabase: number; paths: string[] }> {
  const loaded = readQueryFiles(config)
  if (loaded.diagnostics.length > 0) throw new SchemaError(loaded.diagnostics)
  if (loaded.queries.length === 0) return { described: [], fromDatabase: 0, paths: loaded.paths }
  const { described, diagnostics, fromDatabase } = await describeQueries(config, loaded.queries, schemaSql(model))
  const problems = [...diagnostics, ...checkDescribedQueries(model, described, config.casing, databaseMembers)]
  if (problems.length > 0) throw new SchemaError(problems)
  return { described, fromDatabase, paths: loaded.paths }
}
