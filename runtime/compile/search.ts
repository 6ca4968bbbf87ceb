/**
 * Full-text search on a text column (`{ search: 'left hand -darkness' }` or `{ search:
 * { query, config } }`), in websearch syntax.
 */
import { isPlainObject, joinPath, ownCopy } from '../input.js'
import { describe, pgTypes } from '../types.js'
import { encodeWith, rejected, some, type Condition } from './condition.js'
import type { BuildContext } from './context.js'

/** A text search configuration's name (`english`, `pg_catalog.german`): it is written into the statement. */
const configName = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/

/**
 * Full-text search in websearch syntax (`'left hand -darkness "exact phrase" or other'`):
 * `to_tsvector(config, column) @@ websearch_to_tsquery(config, $1)`. The configuration is
 * written into the text (checked to be a plain name) rather than sent as a parameter, so
 * that the condition matches an expression index on `to_tsvector('english', column)`.
 */
export function searchCondition(ref: string, value: unknown, path: string, ctx: BuildContext): Condition {
  let query = value
  let config: unknown = 'simple'
  if (isPlainObject(value)) {
    const spec = ownCopy(ctx.issues, value, path, '{ query, config? }')
    if (!spec) return rejected
    for (const key of Object.keys(spec)) if (key !== 'query' && key !== 'config') ctx.issues.add(joinPath(path, key), 'unknown key; expected query or config')
    query = spec.query
    if (spec.config !== undefined) config = spec.config
  }
  if (typeof query !== 'string') {
    ctx.issues.add(isPlainObject(value) ? joinPath(path, 'query') : path, `expected a search text, got ${describe(query)}`)
    return rejected
  }
  if (typeof config !== 'string' || !configName.test(config)) {
    ctx.issues.add(joinPath(path, 'config'), "expected the name of a text search configuration, such as 'english' or 'simple'")
    return rejected
  }
  const regconfig = `'${config}'::regconfig`
  return some(`to_tsvector(${regconfig}, ${ref}) @@ websearch_to_tsquery(${regconfig}, ${ctx.params.add(encodeWith(pgTypes.text.encode, query, path, ctx))})`)
}
