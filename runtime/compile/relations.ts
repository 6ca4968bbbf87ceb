/**
 * The SQL of relations:
 * - relation filters in `where` (`is`, `isNot`, `some`, `none`, `every`) as EXISTS subqueries;
 * - `with`: nested rows in the same statement, one correlated subquery per relation that
 *   builds JSON (a `json_build_array` of the columns per row, `json_agg` of them for many),
 *   nested to any depth; the layout of what they build is described in ../decode.ts;
 * (`load` is planned in load-plan.ts, `link` / `unlink` in links.ts.)
 */
import type { ColumnMeta, RelationSpec, TableMeta } from '../meta.js'
import { Issues, checkOptions, emptyOwn, isPlainObject, joinPath, knownKeys, maxNesting, ownCopy, type Own } from '../input.js'
import { quoteIdent } from '../sql.js'
import { describe } from '../types.js'
import type { BuildContext, RelationFilterCompiler } from './context.js'
import { relationJoin } from './joins.js'
import { compileOrderBy } from './order.js'
import { compilePaging, selectedColumns } from './select.js'
import { allOf, compileWhereObject, rejected, type Condition } from './where.js'

export function relationOf(meta: TableMeta, key: string, issues: Issues, path: string): RelationSpec | undefined {
  const relation = Object.hasOwn(meta.relations, key) ? meta.relations[key] : undefined
  if (!relation) {
    const names = Object.keys(meta.relations)
    issues.add(path, `unknown relation of ${meta.key}; ${names.length > 0 ? `expected one of ${knownKeys(names)}` : `${meta.key} has no relations`}`)
  }
  return relation
}

// ---------------------------------------------------------------------------------------
// Relation filters

const oneFilterKeys = ['is', 'isNot']
const manyFilterKeys = ['some', 'none', 'every']

/** Compiles a relation filter: the RelationFilterCompiler every statement is built with. */
export const compileRelationFilter: RelationFilterCompiler = (meta, key, value, path, ctx, depth) => {
  if (!Object.hasOwn(meta.relations, key)) return undefined
  const relation = meta.relations[key]!
  const allowed = relation.kind === 'one' ? oneFilterKeys : manyFilterKeys
  if (value === undefined) {
    ctx.issues.add(path, 'is undefined; a filter that vanishes would match every row')
    return rejected
  }
  const filters = ownCopy(ctx.issues, value, path, `{ ${allowed.join(' | ')}: filter }`)
  if (!filters) return rejected
  if (Object.keys(filters).length === 0) {
    ctx.issues.add(path, `is empty; expected { ${allowed.join(' | ')}: filter }`)
    return rejected
  }
  const target = relation.target()
  const parts: Condition[] = []
  for (const op of Object.keys(filters)) {
    const opPath = joinPath(path, op)
    const filter = filters[op]
    if (!allowed.includes(op)) {
      ctx.issues.add(opPath, `unknown relation filter; expected ${allowed.join(', ')} for a ${relation.kind === 'one' ? 'one' : 'many'} relation`)
      continue
    }
    if (filter === undefined) {
      ctx.issues.add(opPath, 'is undefined; a filter that vanishes would match every row')
      continue
    }
    const inner = relation.kind === 'one' && filter === null ? null : ownCopy(ctx.issues, filter, opPath, `a filter object${relation.kind === 'one' ? ' or null' : ''}`)
    if (inner === undefined) continue
    const alias = ctx.nextAlias()
    const join = relationJoin(meta, ctx.alias, relation, target, alias, ctx.nextAlias)
    const condition = inner === null ? undefined : compileWhereObject(target, inner, opPath, { ...ctx, alias }, depth + 1)
    parts.push(relationCondition(op, join, condition))
  }
  return allOf(parts)
}

/**
 * The EXISTS test of one relation filter; `condition` is the filter on the related rows
 * (undefined for `is: null` / `isNot: null`), compiled with the subquery's alias.
 */
function relationCondition(op: string, join: { from: string; on: string[] }, condition: Condition | undefined): Condition {
  // A condition of no filter at all (`{}`) adds nothing to the subquery.
  const extra = condition && condition.sql !== 'TRUE' ? condition.sql : undefined
  if (op === 'every' && extra === undefined) return { sql: 'TRUE', reach: 'all', empty: false }
  const { from, on } = join
  const exists = (test?: string) => `EXISTS (SELECT 1 FROM ${from} WHERE ${[...on, ...(test ? [`(${test})`] : [])].join(' AND ')})`
  // A filter that matches no related row finds none, whatever the rows.
  const nothing = condition?.reach === 'none'
  switch (op) {
    case 'is':
    case 'some':
      if (condition === undefined) return { sql: `NOT ${exists()}`, reach: 'some', empty: false }
      return { sql: exists(extra), reach: nothing ? 'none' : 'some', empty: false }
    case 'isNot':
    case 'none':
      if (condition === undefined) return { sql: exists(), reach: 'some', empty: false }
      return { sql: `NOT ${exists(extra)}`, reach: nothing ? 'all' : 'some', empty: false }
    default:
      return { sql: `NOT ${exists(`NOT coalesce((${extra}), false)`)}`, reach: condition!.reach === 'all' ? 'all' : 'some', empty: false }
  }
}

// ---------------------------------------------------------------------------------------
// `with`: nested rows in one statement

const oneOptions = ['where', 'select', 'with']
const manyOptions = ['where', 'orderBy', 'limit', 'offset', 'select', 'with']

/** What `with` selects for one relation: what ../decode.ts needs to read it back. */
export interface NestedRelation {
  readonly name: string
  /** `count`: the `_count` of `with`, a JSON array of the numbers of rows of `counted`. */
  readonly kind: 'one' | 'many' | 'count'
  /** For `count`: the counted relations' names, in the order of the array. */
  readonly counted?: readonly string[]
  readonly target: TableMeta
  /** The target's columns in each nested row, in declaration order. */
  readonly columns: readonly ColumnMeta[]
  /** Every column of the target: the generated JSON decoder reads the row. */
  readonly full: boolean
  readonly relations: readonly NestedRelation[]
}

/** A compiled `with`: select-list entries, and what each relation's value holds. */
export interface CompiledWith {
  /** `(subquery) AS "name"` entries. */
  readonly selects: readonly string[]
  /** The same subqueries without their names, for a nested row's JSON array. */
  readonly subqueries: readonly string[]
  readonly relations: readonly NestedRelation[]
}

const noRelations: CompiledWith = { selects: [], subqueries: [], relations: [] }

/** `with` nested deeper than this is refused (each level is a subquery; the stack has limits). */
export function tooDeep(issues: Issues, path: string, depth: number): boolean {
  if (depth <= maxNesting) return false
  issues.add(path, `is nested more than ${maxNesting} relations deep`)
  return true
}

/** Compiles `with` for rows of `meta` whose alias is `ctx.alias`; `depth` counts the `with`s it is in. */
export function compileWith(meta: TableMeta, given: unknown, ctx: BuildContext, path: string, depth = 0): CompiledWith {
  const spec = ownCopy(ctx.issues, given, path, 'an object of relations')
  if (!spec || tooDeep(ctx.issues, path, depth)) return noRelations
  const selects: string[] = []
  const subqueries: string[] = []
  const relations: NestedRelation[] = []
  for (const name of Object.keys(spec)) {
    const relPath = joinPath(path, name)
    if (name === '_count' && !Object.hasOwn(meta.relations, name)) {
      const counts = compileCounts(meta, spec[name], ctx, relPath, depth)
      if (!counts) continue
      selects.push(`${counts.sql} AS "_count"`)
      subqueries.push(counts.sql)
      relations.push(counts.relation)
      continue
    }
    const relation = relationOf(meta, name, ctx.issues, relPath)
    if (!relation) continue
    const nested = compileRelation(meta, name, relation, spec[name], ctx, relPath, depth)
    if (!nested) continue
    selects.push(`${nested.sql} AS ${quoteIdent(name)}`)
    subqueries.push(nested.sql)
    relations.push(nested.relation)
  }
  return { selects, subqueries, relations }
}

/**
 * `with: { _count: { books: true, reviews: { where } } }`: the number of related rows per
 * relation, as one JSON array of counts (a correlated `count(*)` each).
 */
function compileCounts(meta: TableMeta, given: unknown, ctx: BuildContext, path: string, depth: number): { sql: string; relation: NestedRelation } | undefined {
  const spec = ownCopy(ctx.issues, given, path, 'an object of relations to count, like { books: true }')
  if (!spec) return undefined
  const names = Object.keys(spec)
  if (names.length === 0) {
    ctx.issues.add(path, 'is empty; name at least one relation to count')
    return undefined
  }
  const counts: string[] = []
  for (const name of names) {
    const relPath = joinPath(path, name)
    const relation = relationOf(meta, name, ctx.issues, relPath)
    if (!relation) continue
    if (relation.kind === 'one') {
      ctx.issues.add(relPath, 'is a to-one relation; only to-many relations are counted')
      continue
    }
    const options = spec[name]
    let filter: unknown
    if (options !== true) {
      const parts = ownCopy(ctx.issues, options, relPath, 'true, or { where }')
      if (!parts) continue
      for (const key of Object.keys(parts)) if (key !== 'where') ctx.issues.add(joinPath(relPath, key), 'unknown option; expected where')
      filter = parts.where
      if (Object.hasOwn(parts, 'where') && filter === undefined) ctx.issues.add(joinPath(relPath, 'where'), 'is undefined; leave the key out instead')
    }
    const target = relation.target()
    const alias = ctx.nextAlias()
    const { from, on } = relationJoin(meta, ctx.alias, relation, target, alias, ctx.nextAlias)
    const where = filter === undefined ? undefined : relationWhere(target, filter, { ...ctx, alias }, joinPath(relPath, 'where'))
    counts.push(`(SELECT count(*) FROM ${from} WHERE ${[...on, ...(where ? [`(${where})`] : [])].join(' AND ')})`)
  }
  if (tooDeep(ctx.issues, path, depth)) return undefined
  const relation: NestedRelation = { name: '_count', kind: 'count', counted: names, target: meta, columns: [], full: false, relations: [] }
  return { sql: `json_build_array(${counts.join(', ')})`, relation }
}

function compileRelation(
  parent: TableMeta,
  name: string,
  relation: RelationSpec,
  options: unknown,
  ctx: BuildContext,
  path: string,
  depth: number,
): { sql: string; relation: NestedRelation } | undefined {
  if (options === undefined) {
    ctx.issues.add(path, 'is undefined; use true, or an object of options')
    return undefined
  }
  const one = relation.kind === 'one'
  const parts = relationOptions(ctx.issues, options, one, path)
  if (!parts) return undefined
  const target = relation.target()
  const alias = ctx.nextAlias()
  const inner: BuildContext = { ...ctx, alias }
  const columns = selectedColumns(target, parts.select, ctx.issues, joinPath(path, 'select')) ?? target.columns
  const nested = parts.with === undefined ? undefined : compileWith(target, parts.with, inner, joinPath(path, 'with'), depth + 1)
  const { from, on } = relationJoin(parent, ctx.alias, relation, target, alias, ctx.nextAlias)
  const where = parts.where === undefined ? undefined : relationWhere(target, parts.where, inner, joinPath(path, 'where'))
  const orderBy = compileOrderBy(target, parts.orderBy, inner, joinPath(path, 'orderBy'))
  const paging = compilePaging(ctx.params, ctx.issues, parts.limit, parts.offset, path)
  const row = jsonArrayOf([...columns.map((c) => `${alias}.${c.quoted}${c.jsonCast}`), ...(nested?.subqueries ?? [])])
  const body = `FROM ${from} WHERE ${[...on, ...(where ? [`(${where})`] : [])].join(' AND ')}`
  const shape: NestedRelation = {
    name,
    kind: one ? 'one' : 'many',
    target,
    columns,
    full: parts.select === undefined,
    relations: nested?.relations ?? [],
  }
  // A one relation joins on a unique key (the key a foreign key references, or a unique
  // foreign key), so the subquery yields at most one row without a LIMIT.
  if (one) return { sql: `(SELECT ${row} ${body}${orderBy})`, relation: shape }
  return { sql: `(SELECT coalesce(json_agg(x.r), '[]'::json) FROM (SELECT ${row} AS r ${body}${orderBy}${paging}) AS x)`, relation: shape }
}

/** PostgreSQL functions take at most 100 arguments: wider rows are joined from pieces. */
const maxArguments = 100

/** A nested row: a JSON array of `values` (see ../decode.ts for why an array). */
export function jsonArrayOf(values: readonly string[]): string {
  if (values.length <= maxArguments) return `json_build_array(${values.join(', ')})`
  const pieces: string[] = []
  for (let i = 0; i < values.length; i += maxArguments) pieces.push(`jsonb_build_array(${values.slice(i, i + maxArguments).join(', ')})`)
  return `(${pieces.join(' || ')})::json`
}

/** The options of one relation in `with` or `load`: `true`, or an options object (copied). */
export function relationOptions(issues: Issues, options: unknown, one: boolean, path: string): Own | undefined {
  if (options === true) return emptyOwn()
  if (!isPlainObject(options)) {
    issues.add(path, `expected true or an object of options, got ${describe(options)}`)
    return undefined
  }
  return checkOptions(issues, options, one ? oneOptions : manyOptions, path)
}

/** The condition of a relation's `where` in `with` or `load`; undefined when it has none. */
export function relationWhere(target: TableMeta, where: unknown, ctx: BuildContext, path: string): string | undefined {
  const filter = ownCopy(ctx.issues, where, path, 'a filter object')
  if (!filter) return undefined
  const condition = compileWhereObject(target, filter, path, ctx)
  return condition.sql === 'TRUE' ? undefined : condition.sql
}

// ---------------------------------------------------------------------------------------
// `load`: relations for rows in hand, one statement per relation and level

/** The keys a relation joins on, on the source side (TypeScript names). */
