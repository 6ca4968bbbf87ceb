/**
 * The statements of reads: `findMany` and friends (the select list with the relations of
 * `with`, WHERE, ORDER BY, LIMIT/OFFSET, row locks), `findById`'s key condition, `count`
 * and `exists`.
 */
import type { ColumnMeta, TableMeta } from '../meta.js'
import { joinPath, ownCopy, type Issues, type Own } from '../input.js'
import type { Statement } from '../query.js'
import { EncodeError } from '../types.js'
import type { BuildContext } from './context.js'
import { compileWith, type NestedRelation } from './relations.js'
import { keysetCondition, reversed } from './keyset.js'
import { orderTerms, renderOrder, type OrderTerm } from './order.js'
import { compileLock, compilePaging, selectedColumns } from './select.js'
import { compileWhere } from './where.js'

/** A read's statement and what its rows hold (for ../decode.ts). */
export interface Read {
  readonly statement: Statement
  /** The selected columns, in the order the rows hold them; undefined: every column. */
  readonly columns: readonly ColumnMeta[] | undefined
  readonly relations: readonly NestedRelation[]
  /** Whether it may go to a replica: not a locking read, not `primary: true`. */
  readonly read: boolean
  /** The rows come in reverse order (a page `before` a cursor is read backwards from it). */
  readonly reverse: boolean
}

/** The WHERE clause of a read when it is not its `where` option (findById's key). */
export type WhereClause = (ctx: BuildContext) => string

/**
 * `SELECT [DISTINCT [ON (...)]] <columns>, <relations> FROM <table> AS t0 <where> <order>
 * <paging> <lock>` of a read's options (`parts`, copied). `selectAsListed` keeps the
 * columns in the order `select` lists them (COPY's output) rather than in declaration
 * order. (Arguments, not an options object: an object literal here would read what was
 * added to Object.prototype.)
 */
export function readStatement(meta: TableMeta, parts: Own, ctx: BuildContext, whereClause?: WhereClause, selectAsListed = false): Read {
  const issues = ctx.issues
  const columns = selectedColumns(meta, parts.select, issues, 'select', selectAsListed)
  const relations = parts.with === undefined ? undefined : compileWith(meta, parts.with, ctx, 'with')
  let where = whereClause ? whereClause(ctx) : compileWhere(meta, parts.where, ctx)
  let terms = orderTerms(meta, parts.orderBy, ctx)
  const distinct = compileDistinct(meta, parts, terms, columns, issues)
  if (distinct.implicitOrder) terms = [...distinct.implicitOrder, ...terms]
  let reverse = false
  if (parts.after !== undefined && parts.before !== undefined) issues.add('after', 'cannot be combined with before; page one way at a time')
  else if (parts.after !== undefined || parts.before !== undefined) {
    const which = parts.after !== undefined ? 'after' : 'before'
    const condition = keysetCondition(meta, terms, parts[which], which, ctx)
    if (condition) where = where ? `${where} AND (${condition})` : ` WHERE ${condition}`
    // The page just before the cursor: read backwards from it, then turned around.
    if (which === 'before') {
      terms = terms.map(reversed)
      reverse = true
    }
  }
  const orderBy = renderOrder(terms)
  const paging = compilePaging(ctx.params, issues, parts.limit, parts.offset)
  const lock = compileLock(issues, parts.lock, parts.skipLocked, parts.noWait)
  if (parts.primary !== undefined && typeof parts.primary !== 'boolean') issues.add('primary', 'expected true or false')
  if (distinct.sql && parts.lock !== undefined) issues.add('lock', 'cannot be combined with distinct or distinctOn (PostgreSQL locks rows, not distinct values)')
  issues.throwIfAny()
  const selectList =
    (columns ? columns.map((c) => 't0.' + c.quoted).join(', ') : meta.selectAll) +
    (relations ? relations.selects.map((entry) => ', ' + entry).join('') : '')
  const text = `SELECT ${distinct.sql}${selectList} FROM ${meta.quoted} AS t0${where}${orderBy}${paging}${lock}`
  // Locking reads and `primary: true` go to the primary; other reads may go to a replica.
  const read = parts.lock === undefined && parts.primary !== true
  return { statement: { text, params: ctx.params.values }, columns, relations: relations?.relations ?? [], read, reverse }
}

/**
 * `DISTINCT ` or `DISTINCT ON (...) `. DISTINCT ON keeps the first row of each group in
 * ORDER BY order, so the ordering must start with its columns (PostgreSQL's rule); without
 * an orderBy, the groups are ordered by those columns.
 */
function compileDistinct(meta: TableMeta, parts: Own, terms: readonly OrderTerm[], columns: readonly ColumnMeta[] | undefined, issues: Issues): { sql: string; implicitOrder?: OrderTerm[] } {
  const { distinct, distinctOn } = parts
  if (distinct !== undefined && distinctOn !== undefined) {
    issues.add('distinct', 'cannot be combined with distinctOn; use one')
    return { sql: '' }
  }
  if (distinct !== undefined) {
    if (typeof distinct !== 'boolean') issues.add('distinct', 'expected true or false')
    if (distinct !== true) return { sql: '' }
    if (parts.with !== undefined) issues.add('distinct', 'cannot be combined with with (related rows are json, which has no equality); select columns only')
    for (const column of columns ?? meta.columns) {
      if (!column.sortable) issues.add('distinct', `cannot compare ${column.key} (${column.type} has no equality); leave it out of select`)
    }
    // PostgreSQL's rule: with DISTINCT, ORDER BY may only use what is selected.
    for (const term of terms) {
      if (!term.column || (columns && !columns.includes(term.column))) issues.add('orderBy', 'with distinct, orderBy may only use selected columns')
    }
    return { sql: 'DISTINCT ' }
  }
  if (distinctOn === undefined) return { sql: '' }
  const on = selectedColumns(meta, distinctOn, issues, 'distinctOn', true) ?? []
  for (const column of on) if (!column.sortable) issues.add('distinctOn', `cannot compare ${column.key} (${column.type} has no equality)`)
  if (on.length === 0) return { sql: '' }
  const sql = `DISTINCT ON (${on.map((c) => 't0.' + c.quoted).join(', ')}) `
  if (terms.length === 0) return { sql, implicitOrder: on.map((column) => ({ ref: 't0.' + column.quoted, descending: false, nulls: undefined, column, nullable: column.nullable })) }
  const leading = terms.slice(0, on.length).map((t) => t.column)
  if (leading.length < on.length || !on.every((c) => leading.includes(c))) {
    issues.add('orderBy', `must start with the distinctOn columns (${on.map((c) => c.key).join(', ')}), in any direction: PostgreSQL keeps the first row of each group in this order`)
  }
  return { sql }
}

/** `WHERE t0."id" = $1` (or every column of a composite key, given as an object). */
export function keyCondition(meta: TableMeta, key: unknown, ctx: BuildContext): string {
  const pk = meta.primaryKey
  if (pk.length === 0) ctx.issues.fail('', `${meta.key} has no primary key; use findOne({ where })`)
  const columns = pk.map((k) => meta.byKey.get(k)!)
  const encode = (column: ColumnMeta, value: unknown, path: string) => {
    if (value === undefined || value === null) {
      ctx.issues.add(path, `is ${value}; a primary key value is required`)
      return 'NULL'
    }
    try {
      return ctx.params.add(column.encode(value))
    } catch (error) {
      if (!(error instanceof EncodeError)) throw error
      ctx.issues.add(path, error.message)
      return 'NULL'
    }
  }
  if (columns.length === 1) {
    const column = columns[0]!
    return ` WHERE t0.${column.quoted} = ${encode(column, key, 'key')}`
  }
  const parts = ownCopy(ctx.issues, key, 'key', `an object with ${pk.join(', ')}`)
  if (!parts) return ctx.issues.stop()
  for (const k of Object.keys(parts)) if (!pk.includes(k)) ctx.issues.add(joinPath('key', k), `is not part of the primary key (${pk.join(', ')})`)
  return ' WHERE ' + columns.map((c) => `t0.${c.quoted} = ${encode(c, parts[c.key], joinPath('key', c.key))}`).join(' AND ')
}

/** `SELECT <every column> FROM <table> AS t0 WHERE <single-column key> = $1`: the text of the common findById. */
export function findByIdText(meta: TableMeta, column: ColumnMeta): string {
  return `SELECT ${meta.selectAll} FROM ${meta.quoted} AS t0 WHERE t0.${column.quoted} = $1`
}

/** `SELECT count(*) ...` of a `where`. */
export function countStatement(meta: TableMeta, where: unknown, ctx: BuildContext): Statement {
  const condition = compileWhere(meta, where, ctx)
  ctx.issues.throwIfAny()
  return { text: `SELECT count(*) FROM ${meta.quoted} AS t0${condition}`, params: ctx.params.values }
}

/** `SELECT EXISTS (SELECT 1 ...)` of a `where`. */
export function existsStatement(meta: TableMeta, where: unknown, ctx: BuildContext): Statement {
  const condition = compileWhere(meta, where, ctx)
  ctx.issues.throwIfAny()
  return { text: `SELECT EXISTS (SELECT 1 FROM ${meta.quoted} AS t0${condition})`, params: ctx.params.values }
}
