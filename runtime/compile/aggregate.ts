/**
 * The statements of `aggregate` and `groupBy`: count, sum, avg, min and max over the rows
 * a filter selects, per group of `by` columns, with HAVING and ORDER BY on the groups.
 *
 * Each computed value is described by a ColumnMeta of the type PostgreSQL gives it (sum of
 * int4 is int8, avg of an integer is numeric, min and max keep the column's type), so the
 * values decode like columns of that type and HAVING compares them with that type's
 * operators and encoders. A row of these statements holds, in order: the `by` columns, then
 * the aggregates in the order `aggregateOutputs` lists them.
 */
import { columnMeta, type ColumnMeta, type TableMeta } from '../meta.js'
import { joinPath, knownKeys, listItems, ownCopy, type Issues, type Own } from '../input.js'
import type { Statement } from '../query.js'
import { pgTypes, type PgType, type RawRow } from '../types.js'
import type { BuildContext } from './context.js'
import { isDirection, orderTerm } from './order.js'
import { compilePaging } from './select.js'
import { allOf, compileColumnFilter, compileWhere, type Condition } from './where.js'

/** The aggregate functions, by the key that asks for them. */
export const aggregateKeys = ['_count', '_sum', '_avg', '_min', '_max'] as const
type AggregateKey = (typeof aggregateKeys)[number]

/** One computed value: its SQL, where it goes in the result (`['_sum', 'stock']`), and its type. */
interface Output {
  readonly path: readonly [string] | readonly [string, string]
  readonly sql: string
  readonly type: ColumnMeta
}

/** The value of count(): an int8 the result gives as a number (a count beyond 2^53 rows is not a case). */
const countType: ColumnMeta = { ...columnMeta({ key: '_count', type: 'int8' }), decode: Number }

/** The type of `fn(column)`, or a reason it has none. */
function resultType(fn: AggregateKey, column: ColumnMeta): ColumnMeta | string {
  const row: PgType = pgTypes[column.type]
  switch (fn) {
    case '_count':
      return countType
    case '_sum':
    case '_avg': {
      const type = fn === '_sum' ? row.sum : row.avg
      if (!type || column.dimensions > 0) return `${fn === '_sum' ? 'sum' : 'avg'} needs a number column; ${column.key} is ${describeType(column)}`
      return columnMeta({ key: column.key, type, nullable: true })
    }
    case '_min':
    case '_max':
      if (!column.minMax) return `PostgreSQL has no ${fn === '_min' ? 'min' : 'max'} of ${describeType(column)} (${column.key})`
      return columnMeta({ key: column.key, type: column.type, nullable: true, enumName: column.enumName, enumValues: column.enumValues })
  }
}

function describeType(column: ColumnMeta): string {
  return (column.type === 'enum' ? 'an enum' : column.type) + '[]'.repeat(column.dimensions)
}

/** `count(*)`, `sum(t0."stock")`, ... */
function aggregateSql(fn: AggregateKey, ref: string | undefined): string {
  const name = fn.slice(1)
  return ref === undefined ? 'count(*)' : `${name}(${ref})`
}

/** The columns named in `{ stock: true, price: true }` under `fn`, each with its result type. */
function columnsOf(meta: TableMeta, fn: AggregateKey, value: unknown, path: string, issues: Issues): { column: ColumnMeta; type: ColumnMeta }[] {
  const chosen = ownCopy(issues, value, path, `an object like { ${meta.columns[0]?.key ?? 'column'}: true }`)
  if (!chosen) return []
  const keys = Object.keys(chosen)
  if (keys.length === 0) issues.add(path, 'is empty; name at least one column, or leave it out')
  const found: { column: ColumnMeta; type: ColumnMeta }[] = []
  for (const key of keys) {
    const keyPath = joinPath(path, key)
    const column = meta.byKey.get(key)
    if (!column) {
      issues.add(keyPath, `unknown column of ${meta.key}; expected one of ${knownKeys(meta.byKey.keys())}`)
      continue
    }
    if (chosen[key] !== true) {
      issues.add(keyPath, 'expected true')
      continue
    }
    const type = resultType(fn, column)
    if (typeof type === 'string') issues.add(keyPath, type)
    else found.push({ column, type })
  }
  return found
}

/**
 * The aggregates asked for in `parts` (`_count: true`, `_sum: { stock: true }`, ...), in a
 * fixed order: by function, then as each object lists its columns.
 */
export function aggregateOutputs(meta: TableMeta, parts: Own, issues: Issues, alias = 't0'): Output[] {
  const outputs: Output[] = []
  for (const fn of aggregateKeys) {
    const value = parts[fn]
    if (value === undefined) continue
    if (fn === '_count' && value === true) {
      outputs.push({ path: ['_count'], sql: 'count(*)', type: countType })
      continue
    }
    for (const { column, type } of columnsOf(meta, fn, value, fn, issues)) {
      outputs.push({ path: [fn, column.key], sql: aggregateSql(fn, `${alias}.${column.quoted}`), type })
    }
  }
  return outputs
}

/** Reads the aggregates of a row (from `offset` on) into `{ _count, _sum: { ... }, ... }`. */
function readOutputs(outputs: readonly Output[], row: RawRow, offset: number, into: Record<string, unknown>): void {
  for (let i = 0; i < outputs.length; i++) {
    const { path, type } = outputs[i]!
    const text = row[offset + i]
    const value = text === null || text === undefined ? null : type.decode ? type.decode(text) : text
    if (path.length === 1) into[path[0]] = value
    else ((into[path[0]] ??= {}) as Record<string, unknown>)[path[1]] = value
  }
}

export interface AggregateRead {
  readonly statement: Statement
  readonly decode: (row: RawRow) => Record<string, unknown>
}

/** `SELECT count(*), sum(...) ... FROM <table> AS t0 WHERE ...`: one row. */
export function aggregateStatement(meta: TableMeta, parts: Own, ctx: BuildContext): AggregateRead {
  const outputs = aggregateOutputs(meta, parts, ctx.issues)
  if (outputs.length === 0 && ctx.issues.list.length === 0) {
    ctx.issues.add('', `asks for nothing; give at least one of ${aggregateKeys.join(', ')}`)
  }
  const where = compileWhere(meta, parts.where, ctx)
  if (parts.primary !== undefined && typeof parts.primary !== 'boolean') ctx.issues.add('primary', 'expected true or false')
  ctx.issues.throwIfAny()
  const text = `SELECT ${outputs.map((o) => o.sql).join(', ')} FROM ${meta.quoted} AS t0${where}`
  return {
    statement: { text, params: ctx.params.values },
    decode: (row) => {
      const result: Record<string, unknown> = {}
      readOutputs(outputs, row, 0, result)
      return result
    },
  }
}

/** The `by` columns of a groupBy: a non-empty list of distinct columns that can be grouped. */
function groupColumns(meta: TableMeta, by: unknown, issues: Issues): ColumnMeta[] {
  if (by === undefined) {
    issues.add('by', 'is required: the columns to group by')
    return []
  }
  const keys = listItems(issues, by, 'by', 'an array of column names')
  if (!keys) return []
  if (keys.length === 0) issues.add('by', 'is empty; name at least one column')
  const chosen: ColumnMeta[] = []
  keys.forEach((key, i) => {
    const column = typeof key === 'string' ? meta.byKey.get(key) : undefined
    if (!column) issues.add(`by[${i}]`, `unknown column of ${meta.key}; expected one of ${knownKeys(meta.byKey.keys())}`)
    else if (!column.sortable) issues.add(`by[${i}]`, `a ${describeType(column)} column cannot be grouped (PostgreSQL has no equality for it)`)
    else if (chosen.includes(column)) issues.add(`by[${i}]`, `lists ${column.key} twice`)
    else chosen.push(column)
  })
  return chosen
}

/** Operators of a filter on a computed value: a key of these means `_count: { gt: 1 }`, not `_count: { column: ... }`. */
const comparisonKeys = new Set(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'isNull'])

/**
 * HAVING: filters on the groups, by `by` column (`{ authorId: 3 }`) or by aggregate
 * (`{ _count: { gt: 1 }, _sum: { stock: { gte: 10n } } }`).
 */
function compileHaving(meta: TableMeta, having: unknown, grouped: readonly ColumnMeta[], ctx: BuildContext): string {
  if (having === undefined) return ''
  const filter = ownCopy(ctx.issues, having, 'having', 'a filter object')
  if (!filter) return ''
  const conditions: Condition[] = []
  for (const key of Object.keys(filter)) {
    const value = filter[key]
    const path = joinPath('having', key)
    if ((aggregateKeys as readonly string[]).includes(key)) {
      const fn = key as AggregateKey
      const operators = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : []
      if (fn === '_count' && (typeof value !== 'object' || value === null || operators.some((k) => comparisonKeys.has(k)))) {
        conditions.push(compileColumnFilter(countType, value, path, ctx, 'count(*)'))
        continue
      }
      const perColumn = ownCopy(ctx.issues, value, path, `an object of column filters, like { ${grouped[0]?.key ?? 'column'}: { gt: 0 } }`)
      if (!perColumn) continue
      for (const columnKey of Object.keys(perColumn)) {
        const columnPath = joinPath(path, columnKey)
        const column = meta.byKey.get(columnKey)
        if (!column) {
          ctx.issues.add(columnPath, `unknown column of ${meta.key}; expected one of ${knownKeys(meta.byKey.keys())}`)
          continue
        }
        const type = resultType(fn, column)
        if (typeof type === 'string') {
          ctx.issues.add(columnPath, type)
          continue
        }
        conditions.push(compileColumnFilter(type, perColumn[columnKey], columnPath, ctx, aggregateSql(fn, `t0.${column.quoted}`)))
      }
      continue
    }
    const column = meta.byKey.get(key)
    if (!column || !grouped.includes(column)) {
      ctx.issues.add(path, `expected a column of by (${grouped.map((c) => c.key).join(', ')}) or one of ${aggregateKeys.join(', ')}`)
      continue
    }
    conditions.push(compileColumnFilter(column, value, path, ctx))
  }
  if (conditions.length === 0) return ''
  return ' HAVING ' + allOf(conditions).sql
}

/** ORDER BY of groups: `by` columns, `{ _count: 'desc' }`, `{ _sum: { stock: 'asc' } }`. */
function compileGroupOrder(meta: TableMeta, orderBy: unknown, grouped: readonly ColumnMeta[], issues: Issues): string {
  if (orderBy === undefined) return ''
  const listed = Array.isArray(orderBy)
  const items = listed ? listItems(issues, orderBy, 'orderBy', 'a list of orderings') : [orderBy]
  const terms: string[] = []
  items?.forEach((item, i) => {
    const path = listed ? `orderBy[${i}]` : 'orderBy'
    const ordering = ownCopy(issues, item, path, "an object like { _count: 'desc' }")
    if (!ordering) return
    for (const key of Object.keys(ordering)) {
      const value = ordering[key]
      const keyPath = joinPath(path, key)
      if (key === '_count' && isDirection(value)) {
        const term = orderTerm('count(*)', value, keyPath, issues)
        if (term) terms.push(term)
        continue
      }
      if ((aggregateKeys as readonly string[]).includes(key)) {
        const perColumn = ownCopy(issues, value, keyPath, "an object like { column: 'desc' }")
        if (!perColumn) continue
        for (const columnKey of Object.keys(perColumn)) {
          const column = meta.byKey.get(columnKey)
          const columnPath = joinPath(keyPath, columnKey)
          if (!column) {
            issues.add(columnPath, `unknown column of ${meta.key}; expected one of ${knownKeys(meta.byKey.keys())}`)
            continue
          }
          const type = resultType(key as AggregateKey, column)
          if (typeof type === 'string') {
            issues.add(columnPath, type)
            continue
          }
          const term = orderTerm(aggregateSql(key as AggregateKey, `t0.${column.quoted}`), perColumn[columnKey], columnPath, issues)
          if (term) terms.push(term)
        }
        continue
      }
      const column = meta.byKey.get(key)
      if (!column || !grouped.includes(column)) {
        issues.add(keyPath, `expected a column of by (${grouped.map((c) => c.key).join(', ')}) or one of ${aggregateKeys.join(', ')}`)
        continue
      }
      const term = orderTerm(`t0.${column.quoted}`, value, keyPath, issues)
      if (term) terms.push(term)
    }
  })
  return terms.length === 0 ? '' : ' ORDER BY ' + terms.join(', ')
}

/** `SELECT <by>, <aggregates> FROM <table> AS t0 WHERE ... GROUP BY <by> HAVING ... ORDER BY ... LIMIT ... OFFSET ...` */
export function groupByStatement(meta: TableMeta, parts: Own, ctx: BuildContext): AggregateRead {
  const issues = ctx.issues
  const grouped = groupColumns(meta, parts.by, issues)
  const outputs = aggregateOutputs(meta, parts, issues)
  const where = compileWhere(meta, parts.where, ctx)
  const having = compileHaving(meta, parts.having, grouped, ctx)
  const orderBy = compileGroupOrder(meta, parts.orderBy, grouped, issues)
  const paging = compilePaging(ctx.params, issues, parts.limit, parts.offset)
  if (parts.primary !== undefined && typeof parts.primary !== 'boolean') issues.add('primary', 'expected true or false')
  issues.throwIfAny()
  const groupList = grouped.map((c) => `t0.${c.quoted}`).join(', ')
  const selectList = [groupList, ...outputs.map((o) => o.sql)].join(', ')
  const text = `SELECT ${selectList} FROM ${meta.quoted} AS t0${where} GROUP BY ${groupList}${having}${orderBy}${paging}`
  const width = grouped.length
  return {
    statement: { text, params: ctx.params.values },
    decode: (row) => {
      const result: Record<string, unknown> = {}
      for (let i = 0; i < width; i++) {
        const column = grouped[i]!
        const text = row[i]
        result[column.key] = text === null || text === undefined ? null : column.decode ? column.decode(text) : text
      }
      readOutputs(outputs, row, width, result)
      return result
    },
  }
}
