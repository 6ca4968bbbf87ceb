/**
 * Filters (`where`) as SQL conditions. Identifiers only come from the table metadata
 * (generated code); every value becomes a bind parameter. The text depends only on the
 * shape of the call (which keys and operators), never on the values, so each shape is one
 * prepared statement; lists are sent as one array parameter (`= any($1)`), so the
 * parameter count never grows with the data.
 */
import type { ColumnMeta, TableMeta } from '../meta.js'
import { joinPath, knownKeys, listItems, maxNesting, ownCopy, type Own } from '../input.js'
import { describe, encodeArray } from '../types.js'
import type { BuildContext } from './context.js'
import { compileOrderBy } from './order.js'
import { compilePaging } from './select.js'
import { isSubquery, type Subquery } from './subquery.js'
import { allOf, anyOf, encodeWith, everyRow, listParam, noRow, not, param, reaching, rejected, some, type Condition } from './condition.js'
import { compileJsonPath } from './json-path.js'
import { searchCondition } from './search.js'

export { allOf, rejected, type Condition, type Reach } from './condition.js'

const scalarOperators = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'isNull']
const textOperators = ['like', 'ilike', 'startsWith', 'endsWith', 'contains', 'search']
const arrayOperators = ['eq', 'ne', 'has', 'hasAll', 'hasAny', 'isEmpty', 'isNull']
const jsonbOperators = ['eq', 'ne', 'contains', 'isNull', 'hasKey', 'path']
const jsonOperators = ['isNull', 'path']

function operatorsFor(column: ColumnMeta): string[] {
  if (column.dimensions > 0) return arrayOperators
  if (column.type === 'jsonb') return jsonbOperators
  if (column.type === 'json') return jsonOperators
  if (column.textLike) return [...scalarOperators, ...textOperators]
  if (!column.ordered) return scalarOperators.filter((op) => !['gt', 'gte', 'lt', 'lte'].includes(op))
  return scalarOperators
}

/**
 * Whether a filter value is a literal (shorthand for `eq`) rather than an operator object.
 * A plain object where a scalar column's value is expected is an operator object: a filter
 * built from a request body (`{ name: body.name }`) is a query the body can shape, so
 * validate such input first (see the README's security notes).
 */
function isLiteral(column: ColumnMeta, value: unknown): boolean {
  if (value === null) return true
  if (column.dimensions > 0) return Array.isArray(value)
  if (column.type === 'json' || column.type === 'jsonb') return false
  return typeof value !== 'object' || value instanceof Date || value instanceof Uint8Array
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c)
}

/** A LIKE pattern may not end with its escape character (PostgreSQL refuses it). */
function endsWithLoneEscape(pattern: string): boolean {
  const trailing = pattern.length - pattern.replace(/\\+$/, '').length
  return trailing % 2 === 1
}

function equals(column: ColumnMeta, ref: string, value: unknown, path: string, ctx: BuildContext): Condition {
  if (value === null) return reaching(`${ref} IS NULL`, column.nullable ? 'some' : 'none')
  return some(`${ref} = ${param(column, value, path, ctx)}`)
}

function notEquals(column: ColumnMeta, ref: string, value: unknown, path: string, ctx: BuildContext): Condition {
  if (value === null) return reaching(`${ref} IS NOT NULL`, column.nullable ? 'some' : 'all')
  // A nullable column's NULL rows are "not equal" to any value, as most people expect.
  const op = column.nullable ? 'IS DISTINCT FROM' : '<>'
  return some(`${ref} ${op} ${param(column, value, path, ctx)}`)
}

/**
 * The condition of a column's filter (a value or an operator object). `ref` is what is
 * compared: the column, or a computed value of the column's type (an aggregate in HAVING).
 */
export function compileColumnFilter(column: ColumnMeta, filter: unknown, path: string, ctx: BuildContext, ref = `${ctx.alias}.${column.quoted}`): Condition {
  if (filter === undefined) {
    ctx.issues.add(path, 'is undefined; a filter that vanishes would match every row. Leave the key out, or use null for IS NULL')
    return rejected
  }
  if (isLiteral(column, filter)) {
    if (column.type === 'json' && filter !== null) {
      ctx.issues.add(path, 'json columns cannot be compared (PostgreSQL has no json equality); use jsonb, or filter with isNull')
      return rejected
    }
    return equals(column, ref, filter, path, ctx)
  }
  const operators = ownCopy(ctx.issues, filter, path, 'a value or an operator object')
  if (!operators) return rejected
  const allowed = operatorsFor(column)
  if (Object.hasOwn(operators, 'path') && allowed.includes('path')) return compileJsonPath(column, ref, operators, path, ctx)
  const keys = Object.keys(operators)
  if (keys.length === 0) {
    ctx.issues.add(path, `is an empty operator object; use one of ${allowed.join(', ')}`)
    return rejected
  }
  const parts: Condition[] = []
  for (const op of keys) {
    const value = operators[op]
    const opPath = joinPath(path, op)
    if (!allowed.includes(op)) {
      ctx.issues.add(opPath, `unknown operator for this column; expected one of ${allowed.join(', ')}`)
      continue
    }
    if (value === undefined) {
      ctx.issues.add(opPath, 'is undefined; a filter that vanishes would match every row')
      continue
    }
    parts.push(compileOperator(column, ref, op, value, opPath, ctx))
  }
  return parts.length === 1 ? parts[0]! : reaching(parts.map((p) => `(${p.sql})`).join(' AND '), allOf(parts).reach)
}

function compileOperator(column: ColumnMeta, ref: string, op: string, value: unknown, path: string, ctx: BuildContext): Condition {
  switch (op) {
    case 'eq':
      return equals(column, ref, value, path, ctx)
    case 'ne':
      return notEquals(column, ref, value, path, ctx)
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      if (value === null) {
        ctx.issues.add(path, 'cannot compare with null; use isNull')
        return rejected
      }
      const sqlOp = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[op]
      return some(`${ref} ${sqlOp} ${param(column, value, path, ctx)}`)
    }
    case 'in':
    case 'notIn': {
      if (isSubquery(value)) return subqueryCondition(column, ref, op, value, path, ctx)
      const items = listItems(ctx.issues, value, path, 'an array or a subquery')
      if (!items) return rejected
      if (items.length === 0) return op === 'in' ? noRow : everyRow
      const list = listParam(column, items, path, ctx)
      if (op === 'in') return some(`${ref} = ANY(${list})`)
      return some(column.nullable ? `NOT (${ref} = ANY(${list}) AND ${ref} IS NOT NULL)` : `${ref} <> ALL(${list})`)
    }
    case 'isNull':
      if (typeof value !== 'boolean') {
        ctx.issues.add(path, `expected true or false, got ${describe(value)}`)
        return rejected
      }
      // On a NOT NULL column the answer is known: no row, or every row.
      if (value) return reaching(`${ref} IS NULL`, column.nullable ? 'some' : 'none')
      return reaching(`${ref} IS NOT NULL`, column.nullable ? 'some' : 'all')
    case 'like':
    case 'ilike':
    case 'startsWith':
    case 'endsWith':
    case 'contains': {
      if (column.type === 'jsonb' && op === 'contains') {
        return some(`${ref} @> ${param(column, value, path, ctx)}::jsonb`)
      }
      if (typeof value !== 'string') {
        ctx.issues.add(path, `expected a string, got ${describe(value)}`)
        return rejected
      }
      if ((op === 'like' || op === 'ilike') && endsWithLoneEscape(value)) {
        ctx.issues.add(path, 'a LIKE pattern cannot end with the escape character \\; write \\\\ for a backslash')
        return rejected
      }
      const pattern =
        op === 'startsWith' ? escapeLike(value) + '%' : op === 'endsWith' ? '%' + escapeLike(value) : op === 'contains' ? '%' + escapeLike(value) + '%' : value
      const sqlOp = op === 'ilike' ? 'ILIKE' : 'LIKE'
      return some(`${ref} ${sqlOp} ${ctx.params.add(encodeWith(column.encodeElement, pattern, path, ctx))}`)
    }
    case 'search':
      return searchCondition(ref, value, path, ctx)
    case 'hasKey':
      if (typeof value !== 'string') {
        ctx.issues.add(path, `expected a key (a string), got ${describe(value)}`)
        return rejected
      }
      return some(`${ref} ? ${ctx.params.add(value)}`)
    case 'has': {
      if (value === null) {
        ctx.issues.add(path, 'cannot look for null in an array')
        return rejected
      }
      const element = encodeWith(column.encodeElement, value, path, ctx)
      const array = ctx.params.add(encodeWith((v) => encodeArray([v], (x) => x as string), element, path, ctx))
      return some(`${ref} @> ${array}::${column.cast}`)
    }
    case 'hasAll':
    case 'hasAny': {
      const items = listItems(ctx.issues, value, path, 'an array')
      if (!items) return rejected
      if (items.length === 0) return op === 'hasAll' ? everyRow : noRow
      const array = ctx.params.add(encodeWith((v) => encodeArray(v, column.encodeElement), items, path, ctx))
      return some(`${ref} ${op === 'hasAll' ? '@>' : '&&'} ${array}::${column.cast}`)
    }
    case 'isEmpty':
      if (typeof value !== 'boolean') {
        ctx.issues.add(path, `expected true or false, got ${describe(value)}`)
        return rejected
      }
      return some(value ? `cardinality(${ref}) = 0` : `cardinality(${ref}) > 0`)
  }
  /* c8 ignore next */
  throw new Error('unreachable operator ' + op)
}

/** Whether values of `a` and `b` compare as equals: one type (one enum), or both numbers. */
function comparable(a: ColumnMeta, b: ColumnMeta): boolean {
  if (a.dimensions !== b.dimensions) return false
  if (a.numeric && b.numeric) return true
  return a.type === b.type && a.enumName === b.enumName
}

/**
 * `in` / `notIn` a subquery. `notIn` is NOT EXISTS rather than NOT IN: a NULL among the
 * subquery's values would make NOT IN match no row at all, and a row whose own value is
 * NULL is "not in" the set, as with a list.
 */
function subqueryCondition(column: ColumnMeta, ref: string, op: string, subquery: Subquery, path: string, ctx: BuildContext): Condition {
  const { meta } = subquery
  const selected = typeof subquery.column === 'string' ? meta.byKey.get(subquery.column) : undefined
  if (!selected) {
    ctx.issues.add(path, `the subquery's column is not a column of ${meta.key}; expected one of ${knownKeys(meta.byKey.keys())}`)
    return rejected
  }
  if (!comparable(column, selected)) {
    ctx.issues.add(path, `compares ${column.key} (${column.cast}) with ${meta.key}.${selected.key} (${selected.cast}); the subquery must give values of the filtered column's type`)
    return rejected
  }
  const options = subquery.options === undefined ? undefined : ownCopy(ctx.issues, subquery.options, path, 'subquery options { where, orderBy, limit, offset }')
  if (options === undefined && subquery.options !== undefined) return rejected
  for (const key of Object.keys(options ?? {})) {
    if (!['where', 'orderBy', 'limit', 'offset'].includes(key)) ctx.issues.add(joinPath(path, key), 'unknown subquery option; expected where, orderBy, limit or offset')
  }
  const alias = ctx.nextAlias()
  const inner: BuildContext = { ...ctx, alias }
  let where = ''
  if (options?.where !== undefined) {
    const filter = ownCopy(ctx.issues, options.where, joinPath(path, 'where'), 'a filter object')
    if (filter && Object.keys(filter).length > 0) where = ' WHERE ' + compileWhereObject(meta, filter, joinPath(path, 'where'), inner).sql
  }
  const orderBy = compileOrderBy(meta, options?.orderBy, inner, joinPath(path, 'orderBy'))
  const paging = compilePaging(ctx.params, ctx.issues, options?.limit, options?.offset, path)
  const select = `SELECT ${alias}.${selected.quoted} FROM ${meta.quoted} AS ${alias}${where}${orderBy}${paging}`
  if (op === 'in') return some(`${ref} IN (${select})`)
  const set = ctx.nextAlias()
  return some(`NOT EXISTS (SELECT 1 FROM (${select}) AS ${set}(v) WHERE ${set}.v = ${ref})`)
}

/**
 * The filters of AND, OR or NOT: a list (OR), or a list or one filter object (AND, NOT).
 * AND and NOT of an empty list are refused: whether they mean every row or none is a
 * guess, and a guess that is wrong on a delete is a disaster. OR of an empty list matches
 * no row (nothing to match), as `in: []` does.
 */
function compileWhereList(meta: TableMeta, value: unknown, path: string, ctx: BuildContext, key: 'AND' | 'OR' | 'NOT', depth: number): Condition[] | undefined {
  if (key !== 'OR' && !Array.isArray(value)) {
    const filter = ownCopy(ctx.issues, value, path, 'a filter object or an array of filter objects')
    return filter && [compileWhereObject(meta, filter, path, ctx, depth + 1)]
  }
  const items = listItems(ctx.issues, value, path, 'an array of filter objects')
  if (!items) return undefined
  if (items.length === 0 && key !== 'OR') {
    ctx.issues.add(path, `is an empty list; ${key} of no filter is refused (give at least one filter, or leave ${key} out)`)
    return undefined
  }
  const conditions: Condition[] = []
  items.forEach((item, i) => {
    const itemPath = joinPath(path, i)
    const filter = ownCopy(ctx.issues, item, itemPath, 'a filter object')
    if (filter) conditions.push(compileWhereObject(meta, filter, itemPath, ctx, depth + 1))
  })
  return conditions
}

/**
 * Compiles a filter object (a copy made by `ownCopy`) to a condition; one without keys
 * matches every row. `depth` counts the filters it is nested in.
 */
export function compileWhereObject(meta: TableMeta, where: Own, path: string, ctx: BuildContext, depth = 0): Condition {
  if (depth > maxNesting) {
    ctx.issues.add(path, `is nested more than ${maxNesting} filters deep; flatten it (AND, OR, NOT and relation filters each add a level)`)
    return rejected
  }
  const parts: Condition[] = []
  for (const key of Object.keys(where)) {
    const value = where[key]
    const keyPath = joinPath(path, key)
    if (key === 'AND' || key === 'OR' || key === 'NOT') {
      if (value === undefined) {
        ctx.issues.add(keyPath, 'is undefined; a filter that vanishes would match every row')
        continue
      }
      const items = compileWhereList(meta, value, keyPath, ctx, key, depth)
      if (!items) parts.push(rejected)
      else if (key === 'AND') parts.push(allOf(items))
      else if (key === 'OR') parts.push(anyOf(items))
      else parts.push(not(allOf(items), 'NOT (' + items.map((p) => `(${p.sql})`).join(' AND ') + ')'))
      continue
    }
    const column = meta.byKey.get(key)
    if (column) {
      parts.push(compileColumnFilter(column, value, keyPath, ctx))
      continue
    }
    const relation = ctx.relationFilter(meta, key, value, keyPath, ctx, depth)
    if (relation !== undefined) {
      parts.push(relation)
      continue
    }
    ctx.issues.add(keyPath, `unknown column of ${meta.key}; expected one of ${knownKeys([...meta.byKey.keys(), 'AND', 'OR', 'NOT'])}`)
  }
  return allOf(parts)
}

/** The WHERE clause of a read's `where` (optional; `{}` reads every row). */
export function compileWhere(meta: TableMeta, where: unknown, ctx: BuildContext): string {
  if (where === undefined) return ''
  const filter = ownCopy(ctx.issues, where, 'where', 'a filter object')
  if (!filter || Object.keys(filter).length === 0) return ''
  return ' WHERE ' + compileWhereObject(meta, filter, 'where', ctx).sql
}

/**
 * The WHERE clause of an update or delete: `where` must narrow (a filter whose shape
 * matches every row is refused), or `all: true` must say that every row is meant.
 */
export function compileWriteFilter(meta: TableMeta, method: string, args: Own, ctx: BuildContext): string {
  const { where, all } = args
  const everyRowCall = method === 'update' ? 'update({ all: true, set })' : 'delete({ all: true })'
  if (all !== undefined) {
    if (all !== true) ctx.issues.add('all', `expected true (to ${method} every row), got ${describe(all)}; to narrow, give where instead`)
    if (where !== undefined) ctx.issues.add('all', 'cannot be combined with where; give where to narrow, or all: true alone for every row')
    return ''
  }
  if (where === undefined) {
    ctx.issues.add('where', `is required: give a filter that narrows, or ${everyRowCall} to ${method} every row`)
    return ''
  }
  const filter = ownCopy(ctx.issues, where, 'where', 'a filter object')
  if (!filter) return ''
  const condition = compileWhereObject(meta, filter, 'where', ctx)
  if (condition.empty || condition.reach === 'all') {
    ctx.issues.add('where', `narrows nothing (it has no condition, or one every row meets); to ${method} every row, say so: ${everyRowCall}`)
  }
  return ' WHERE ' + condition.sql
}

