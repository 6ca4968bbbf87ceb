/**
 * Typed SQL files: what a description must satisfy before code is emitted for it. Result
 * columns become the row's keys, so each needs a name that makes one (an expression
 * PostgreSQL calls `?column?` needs an alias) and no two may make the same; query names
 * become exported types, so they must not collide with a table's.
 */
import type { Casing, SchemaModel } from '../../schema/model.js'
import { camelCase, pascalCase } from '../../schema/naming.js'
import type { Diagnostic } from '../diagnostics.js'
import { generatedNames } from '../emit/names.js'
import type { DescribedQuery } from './describe.js'

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** The row key of a result column: its name without the `!` that asserts non-null, camelCased under snake_case casing. */
export function queryFieldName(name: string, casing: Casing): string {
  const bare = name.endsWith('!') ? name.slice(0, -1) : name
  return casing === 'snake_case' ? camelCase(bare) : bare
}

export function checkDescribedQueries(model: SchemaModel, queries: readonly DescribedQuery[], casing: Casing, reserved: ReadonlySet<string>): Diagnostic[] {
  const problems: Diagnostic[] = []
  const tableExports = new Set(model.tables.flatMap((table) => generatedNames(table)))
  for (const { query, description } of queries) {
    const at = { file: query.file, position: { line: query.line, column: 1 } }
    if (reserved.has(query.name)) problems.push({ ...at, message: `query ${query.name}: the name is taken by the query object itself`, hint: 'rename the query' })
    // As emit/queries.ts names them (queryNames).
    const typeName = pascalCase(query.name)
    for (const suffix of ['Row', 'Params']) {
      if (tableExports.has(typeName + suffix)) problems.push({ ...at, message: `query ${query.name}: its type ${typeName + suffix} would clash with a table's`, hint: 'rename the query' })
    }
    if (query.kind === 'exec' || query.kind === 'execrows') continue
    if (description.columns.length === 0) {
      problems.push({ ...at, message: `query ${query.name} is :${query.kind} but returns no columns`, hint: 'add RETURNING (or a select list), or make it :exec / :execrows' })
      continue
    }
    const seen = new Map<string, string>()
    description.columns.forEach((column, i) => {
      const key = queryFieldName(column.name, casing)
      if (column.name === '?column?' || !identifier.test(key)) {
        problems.push({ ...at, message: `query ${query.name}: result column ${i + 1} (${column.name}) has no name a row key can have`, hint: 'give it an alias: `... as total`' })
      } else if (seen.has(key)) {
        problems.push({ ...at, message: `query ${query.name}: result columns ${seen.get(key)} and ${column.name} both become the key ${key}`, hint: 'alias one of them: `b.id as book_id`' })
      } else seen.set(key, column.name)
    })
  }
  return problems
}
