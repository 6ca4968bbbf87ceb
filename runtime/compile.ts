/**
 * Compiles client calls into SQL text and text parameters. Identifiers only come from the
 * table metadata (generated code); every value becomes a bind parameter. The text depends
 * only on the shape of the call (which keys and operators), never on the values, so each
 * shape is one prepared statement; lists are sent as one array parameter (`= any($1)`,
 * `unnest`), so the parameter count never grows with the data.
 */
import type { ColumnMeta, TableMeta } from './meta.js'
import { checkCount, isPlainObject, joinPath, knownKeys, type Issues } from './input.js'
import { describe, EncodeError, encodeArray, type Encoder } from './types.js'

/** Parameters of one statement. */
export class Params {
  readonly values: (string | null)[] = []

  /** Adds an already encoded value and returns its placeholder. */
  add(text: string | null): string {
    this.values.push(text)
    return '$' + this.values.length
  }
}

export interface WhereContext {
  readonly params: Params
  readonly issues: Issues
  /** The alias that qualifies this table's columns (`t0`). */
  readonly alias: string
  /** Hands out aliases for subqueries (relation filters). */
  readonly nextAlias: () => string
}

/** Hook for relation filters (`{ author: { is: {...} } }`), added by the relations layer. */
export type RelationFilterCompiler = (
  meta: TableMeta,
  key: string,
  value: unknown,
  path: string,
  ctx: WhereContext,
) => string | undefined

let relationFilter: RelationFilterCompiler | undefined

export function setRelationFilterCompiler(compiler: RelationFilterCompiler): void {
  relationFilter = compiler
}

function encodeWith(encode: Encoder, value: unknown, path: string, ctx: WhereContext): string {
  try {
    return encode(value)
  } catch (error) {
    if (error instanceof EncodeError) {
      ctx.issues.add(path, error.message)
      return ''
    }
    throw error
  }
}

function param(column: ColumnMeta, value: unknown, path: string, ctx: WhereContext): string {
  return ctx.params.add(encodeWith(column.encode, value, path, ctx))
}

/** A list of values as one array parameter, cast to the column's array type. */
function listParam(column: ColumnMeta, value: unknown, path: string, ctx: WhereContext): string | undefined {
  if (!Array.isArray(value)) {
    ctx.issues.add(path, `expected an array, got ${describe(value)}`)
    return undefined
  }
  value.forEach((item, i) => {
    if (item === null || item === undefined) ctx.issues.add(joinPath(path, i), `is ${item}; lists cannot hold null or undefined`)
  })
  const text = encodeWith((v) => encodeArray(v, column.encode), value, path, ctx)
  return ctx.params.add(text) + '::' + column.arrayCast
}

const scalarOperators = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'isNull']
const textOperators = ['like', 'ilike', 'startsWith', 'endsWith', 'contains']
const arrayOperators = ['eq', 'ne', 'has', 'hasAll', 'hasAny', 'isEmpty', 'isNull']
const jsonbOperators = ['eq', 'ne', 'contains', 'isNull']
const jsonOperators = ['isNull']

function operatorsFor(column: ColumnMeta): string[] {
  if (column.dimensions > 0) return arrayOperators
  if (column.type === 'jsonb') return jsonbOperators
  if (column.type === 'json') return jsonOperators
  if (column.textLike) return [...scalarOperators, ...textOperators]
  if (!column.ordered) return scalarOperators.filter((op) => !['gt', 'gte', 'lt', 'lte'].includes(op))
  return scalarOperators
}

/** Whether a filter value is a literal (shorthand for `eq`) rather than an operator object. */
function isLiteral(column: ColumnMeta, value: unknown): boolean {
  if (value === null) return true
  if (column.dimensions > 0) return Array.isArray(value)
  if (column.type === 'json' || column.type === 'jsonb') return false
  return typeof value !== 'object' || value instanceof Date || value instanceof Uint8Array
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c)
}

function equals(column: ColumnMeta, ref: string, value: unknown, path: string, ctx: WhereContext): string {
  if (value === null) return `${ref} IS NULL`
  return `${ref} = ${param(column, value, path, ctx)}`
}

function notEquals(column: ColumnMeta, ref: string, value: unknown, path: string, ctx: WhereContext): string {
  if (value === null) return `${ref} IS NOT NULL`
  // A nullable column's NULL rows are "not equal" to any value, as most people expect.
  const op = column.nullable ? 'IS DISTINCT FROM' : '<>'
  return `${ref} ${op} ${param(column, value, path, ctx)}`
}

function compileColumnFilter(column: ColumnMeta, filter: unknown, path: string, ctx: WhereContext): string {
  const ref = `${ctx.alias}.${column.quoted}`
  if (filter === undefined) {
    ctx.issues.add(path, 'is undefined; a filter that vanishes would match every row. Leave the key out, or use null for IS NULL')
    return 'FALSE'
  }
  if (isLiteral(column, filter)) {
    if (column.type === 'json' && filter !== null) {
      ctx.issues.add(path, 'json columns cannot be compared (PostgreSQL has no json equality); use jsonb, or filter with isNull')
      return 'FALSE'
    }
    return equals(column, ref, filter, path, ctx)
  }
  if (!isPlainObject(filter)) {
    ctx.issues.add(path, `expected a value or an operator object, got ${describe(filter)}`)
    return 'FALSE'
  }
  const allowed = operatorsFor(column)
  const keys = Object.keys(filter)
  if (keys.length === 0) {
    ctx.issues.add(path, `is an empty operator object; use one of ${allowed.join(', ')}`)
    return 'FALSE'
  }
  const parts: string[] = []
  for (const op of keys) {
    const value = filter[op]
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
  return parts.length === 1 ? parts[0]! : parts.map((p) => `(${p})`).join(' AND ')
}

function compileOperator(column: ColumnMeta, ref: string, op: string, value: unknown, path: string, ctx: WhereContext): string {
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
        return 'FALSE'
      }
      const sqlOp = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[op]
      return `${ref} ${sqlOp} ${param(column, value, path, ctx)}`
    }
    case 'in': {
      if (Array.isArray(value) && value.length === 0) return 'FALSE'
      const list = listParam(column, value, path, ctx)
      return `${ref} = ANY(${list})`
    }
    case 'notIn': {
      if (Array.isArray(value) && value.length === 0) return 'TRUE'
      const list = listParam(column, value, path, ctx)
      return column.nullable ? `NOT (${ref} = ANY(${list}) AND ${ref} IS NOT NULL)` : `${ref} <> ALL(${list})`
    }
    case 'isNull':
      if (typeof value !== 'boolean') {
        ctx.issues.add(path, `expected true or false, got ${describe(value)}`)
        return 'FALSE'
      }
      return value ? `${ref} IS NULL` : `${ref} IS NOT NULL`
    case 'like':
    case 'ilike':
    case 'startsWith':
    case 'endsWith':
    case 'contains': {
      if (column.type === 'jsonb' && op === 'contains') {
        return `${ref} @> ${param(column, value, path, ctx)}::jsonb`
      }
      if (typeof value !== 'string') {
        ctx.issues.add(path, `expected a string, got ${describe(value)}`)
        return 'FALSE'
      }
      const pattern =
        op === 'startsWith' ? escapeLike(value) + '%' : op === 'endsWith' ? '%' + escapeLike(value) : op === 'contains' ? '%' + escapeLike(value) + '%' : value
      const sqlOp = op === 'ilike' ? 'ILIKE' : 'LIKE'
      return `${ref} ${sqlOp} ${ctx.params.add(encodeWith(column.encodeElement, pattern, path, ctx))}`
    }
    case 'has': {
      if (value === null) {
        ctx.issues.add(path, 'cannot look for null in an array')
        return 'FALSE'
      }
      const element = encodeWith(column.encodeElement, value, path, ctx)
      const array = ctx.params.add(encodeWith((v) => encodeArray([v], (x) => x as string), element, path, ctx))
      return `${ref} @> ${array}::${column.cast}`
    }
    case 'hasAll':
    case 'hasAny': {
      if (!Array.isArray(value)) {
        ctx.issues.add(path, `expected an array, got ${describe(value)}`)
        return 'FALSE'
      }
      if (value.length === 0) return op === 'hasAll' ? 'TRUE' : 'FALSE'
      const array = ctx.params.add(encodeWith((v) => encodeArray(v, column.encodeElement), value, path, ctx))
      return `${ref} ${op === 'hasAll' ? '@>' : '&&'} ${array}::${column.cast}`
    }
    case 'isEmpty':
      if (typeof value !== 'boolean') {
        ctx.issues.add(path, `expected true or false, got ${describe(value)}`)
        return 'FALSE'
      }
      return value ? `cardinality(${ref}) = 0` : `cardinality(${ref}) > 0`
  }
  /* c8 ignore next */
  throw new Error('unreachable operator ' + op)
}

function compileWhereList(meta: TableMeta, value: unknown, path: string, ctx: WhereContext, single: boolean): string[] {
  if (single && isPlainObject(value)) return [compileWhereObject(meta, value, path, ctx) ?? 'TRUE']
  if (!Array.isArray(value)) {
    ctx.issues.add(path, `expected ${single ? 'a filter object or ' : ''}an array of filter objects, got ${describe(value)}`)
    return ['FALSE']
  }
  return value.map((item, i) => {
    const itemPath = joinPath(path, i)
    if (!isPlainObject(item)) {
      ctx.issues.add(itemPath, `expected a filter object, got ${describe(item)}`)
      return 'FALSE'
    }
    return compileWhereObject(meta, item, itemPath, ctx) ?? 'TRUE'
  })
}

/** Compiles a `where` object to a condition, or undefined when it has no conditions. */
export function compileWhereObject(
  meta: TableMeta,
  where: Record<string, unknown>,
  path: string,
  ctx: WhereContext,
): string | undefined {
  const parts: string[] = []
  for (const key of Object.keys(where)) {
    const value = where[key]
    const keyPath = joinPath(path, key)
    if (key === 'AND' || key === 'OR' || key === 'NOT') {
      if (value === undefined) {
        ctx.issues.add(keyPath, 'is undefined; a filter that vanishes would match every row')
        continue
      }
      const items = compileWhereList(meta, value, keyPath, ctx, key !== 'OR')
      if (key === 'AND') parts.push(items.length === 0 ? 'TRUE' : items.map((p) => `(${p})`).join(' AND '))
      else if (key === 'OR') parts.push(items.length === 0 ? 'FALSE' : '(' + items.map((p) => `(${p})`).join(' OR ') + ')')
      else parts.push(items.length === 0 ? 'TRUE' : 'NOT (' + items.map((p) => `(${p})`).join(' AND ') + ')')
      continue
    }
    const column = meta.byKey.get(key)
    if (column) {
      parts.push(compileColumnFilter(column, value, keyPath, ctx))
      continue
    }
    const relation = relationFilter?.(meta, key, value, keyPath, ctx)
    if (relation !== undefined) {
      parts.push(relation)
      continue
    }
    ctx.issues.add(keyPath, `unknown column of ${meta.key}; expected one of ${knownKeys([...meta.byKey.keys(), 'AND', 'OR', 'NOT'])}`)
  }
  if (parts.length === 0) return undefined
  return parts.length === 1 ? parts[0] : parts.map((p) => (p.startsWith('(') ? p : `(${p})`)).join(' AND ')
}

/** The WHERE clause for a call's `where` (which may be absent when `required` is false). */
export function compileWhere(meta: TableMeta, where: unknown, ctx: WhereContext, required: boolean): string {
  if (where === undefined) {
    if (required) ctx.issues.add('where', 'is required; pass where: {} to mean every row')
    return ''
  }
  if (!isPlainObject(where)) {
    ctx.issues.add('where', `expected a filter object, got ${describe(where)}`)
    return ''
  }
  const condition = compileWhereObject(meta, where, 'where', ctx)
  return condition === undefined ? '' : ' WHERE ' + condition
}

/** ORDER BY from `[{ createdAt: 'desc' }, { id: 'asc' }]` (or one object). */
export function compileOrderBy(meta: TableMeta, orderBy: unknown, alias: string, issues: Issues, at = 'orderBy'): string {
  if (orderBy === undefined) return ''
  const items = Array.isArray(orderBy) ? orderBy : [orderBy]
  const parts: string[] = []
  items.forEach((item, i) => {
    const path = Array.isArray(orderBy) ? `${at}[${i}]` : at
    if (!isPlainObject(item)) {
      issues.add(path, `expected an object like { column: 'asc' }, got ${describe(item)}`)
      return
    }
    for (const key of Object.keys(item)) {
      const direction = item[key]
      const column = meta.byKey.get(key)
      if (!column) {
        issues.add(joinPath(path, key), `unknown column of ${meta.key}; expected one of ${knownKeys(meta.byKey.keys())}`)
        continue
      }
      if (direction !== 'asc' && direction !== 'desc') {
        issues.add(joinPath(path, key), `expected 'asc' or 'desc', got ${describe(direction)}`)
        continue
      }
      parts.push(`${alias}.${column.quoted} ${direction === 'asc' ? 'ASC' : 'DESC'}`)
    }
  })
  return parts.length === 0 ? '' : ' ORDER BY ' + parts.join(', ')
}

/** LIMIT/OFFSET, always as parameters. */
export function compilePaging(params: Params, issues: Issues, limit: unknown, offset: unknown, at = ''): string {
  const l = checkCount(issues, joinPath(at, 'limit'), limit)
  const o = checkCount(issues, joinPath(at, 'offset'), offset)
  let text = ''
  if (l !== undefined) text += ' LIMIT ' + params.add(String(l))
  if (o !== undefined) text += ' OFFSET ' + params.add(String(o))
  return text
}

const lockClauses = {
  forUpdate: ' FOR UPDATE',
  forNoKeyUpdate: ' FOR NO KEY UPDATE',
  forShare: ' FOR SHARE',
  forKeyShare: ' FOR KEY SHARE',
} as const

export function compileLock(issues: Issues, lock: unknown, skipLocked: unknown, noWait: unknown): string {
  if (lock === undefined) {
    if (skipLocked !== undefined || noWait !== undefined) issues.add('lock', 'skipLocked and noWait need a lock mode')
    return ''
  }
  const clause = lockClauses[lock as keyof typeof lockClauses]
  if (typeof lock !== 'string' || !clause) {
    issues.add('lock', `expected one of ${Object.keys(lockClauses).join(', ')}, got ${describe(lock)}`)
    return ''
  }
  for (const [name, value] of [['skipLocked', skipLocked], ['noWait', noWait]] as const) {
    if (value !== undefined && typeof value !== 'boolean') issues.add(name, `expected true or false, got ${describe(value)}`)
  }
  if (skipLocked === true && noWait === true) issues.add('lock', 'skipLocked and noWait cannot be combined')
  return clause + (skipLocked === true ? ' SKIP LOCKED' : noWait === true ? ' NOWAIT' : '')
}

/**
 * The selected columns: every column, or the `select` list (validated), in declaration
 * order unless `asListed` (for output whose column order the caller sees, as COPY's).
 */
export function selectedColumns(meta: TableMeta, select: unknown, issues: Issues, at = 'select', asListed = false): ColumnMeta[] | undefined {
  if (select === undefined) return undefined
  if (!Array.isArray(select)) {
    issues.add(at, `expected an array of column names, got ${describe(select)}`)
    return undefined
  }
  if (select.length === 0) issues.add(at, 'is empty; name at least one column')
  const chosen = new Set<ColumnMeta>()
  select.forEach((key, i) => {
    const column = typeof key === 'string' ? meta.byKey.get(key) : undefined
    if (!column) issues.add(`${at}[${i}]`, `unknown column ${describe(key)} of ${meta.key}; expected one of ${knownKeys(meta.byKey.keys())}`)
    else chosen.add(column)
  })
  // Declaration order keeps one SQL text per set of columns, whatever order they were listed in.
  return asListed ? [...chosen] : meta.columns.filter((c) => chosen.has(c))
}

/** Decodes a row holding `columns` (in that order) into an object with just those keys. */
export function decodeSubset(columns: readonly ColumnMeta[], row: readonly (string | null)[], offset = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!
    const text = row[i + offset]
    out[column.key] = text === null || text === undefined ? null : column.decode ? column.decode(text) : text
  }
  return out
}
