/**
 * ORDER BY: by the table's columns (`{ createdAt: 'desc' }`, `{ publishedOn: { dir, nulls } }`),
 * by a column of a to-one relation (`{ author: { name: 'asc' } }`) and by the number of
 * rows of a to-many relation (`{ reviews: { _count: 'desc' } }`). The terms are kept as
 * data, so that keyset pagination (keyset.ts) can read the same ordering.
 */
import type { ColumnMeta, TableMeta } from '../meta.js'
import { joinPath, knownKeys, listItems, ownCopy, type Issues } from '../input.js'
import { describe } from '../types.js'
import type { BuildContext } from './context.js'
import { relationJoin } from './joins.js'

/** One term of an ORDER BY. */
export interface OrderTerm {
  /** What is sorted: `t0."created_at"`, or a subquery. */
  readonly ref: string
  readonly descending: boolean
  /** Where nulls go, when given; PostgreSQL's default otherwise (last ascending, first descending). */
  readonly nulls: 'first' | 'last' | undefined
  /** The table's own column, when the term is one (keyset pagination needs them). */
  readonly column: ColumnMeta | undefined
  /** Whether the value may be null. */
  readonly nullable: boolean
}

/** The context an ordering needs: its issues, the alias of its rows and aliases for subqueries. */
type OrderContext = Pick<BuildContext, 'issues' | 'alias' | 'nextAlias'>

/** Whether an ordering value is a direction (`'asc'`, `{ dir: 'desc', nulls: 'last' }`) rather than a nested ordering. */
export function isDirection(value: unknown): boolean {
  return value === 'asc' || value === 'desc' || (typeof value === 'object' && value !== null && Object.hasOwn(value, 'dir'))
}

/** The direction and nulls placement of `'asc'`, `'desc'` or `{ dir, nulls }`; undefined (and an issue) for anything else. */
export function readDirection(direction: unknown, path: string, issues: Issues): { descending: boolean; nulls: 'first' | 'last' | undefined } | undefined {
  if (direction === 'asc' || direction === 'desc') return { descending: direction === 'desc', nulls: undefined }
  const spec = typeof direction === 'object' && direction !== null ? ownCopy(issues, direction, path, "'asc', 'desc' or { dir, nulls }") : undefined
  if (!spec) {
    issues.add(path, `expected 'asc', 'desc' or { dir: 'asc' | 'desc', nulls?: 'first' | 'last' }, got ${describe(direction)}`)
    return undefined
  }
  let ok = true
  for (const key of Object.keys(spec)) {
    if (key !== 'dir' && key !== 'nulls') {
      issues.add(joinPath(path, key), 'unknown key; expected dir or nulls')
      ok = false
    }
  }
  if (spec.dir !== 'asc' && spec.dir !== 'desc') {
    issues.add(joinPath(path, 'dir'), `expected 'asc' or 'desc', got ${describe(spec.dir)}`)
    ok = false
  }
  if (spec.nulls !== undefined && spec.nulls !== 'first' && spec.nulls !== 'last') {
    issues.add(joinPath(path, 'nulls'), `expected 'first' or 'last', got ${describe(spec.nulls)}`)
    ok = false
  }
  return ok ? { descending: spec.dir === 'desc', nulls: spec.nulls as 'first' | 'last' | undefined } : undefined
}

/** `<ref> ASC|DESC [NULLS FIRST|LAST]` of a direction value (see readDirection). */
export function orderTerm(ref: string, direction: unknown, path: string, issues: Issues): string | undefined {
  const read = readDirection(direction, path, issues)
  return read && renderTerm({ ref, ...read })
}

function renderTerm(term: Pick<OrderTerm, 'ref' | 'descending' | 'nulls'>): string {
  return `${term.ref} ${term.descending ? 'DESC' : 'ASC'}${term.nulls === undefined ? '' : term.nulls === 'first' ? ' NULLS FIRST' : ' NULLS LAST'}`
}

/** ` ORDER BY ...` of terms ('' for none). */
export function renderOrder(terms: readonly OrderTerm[]): string {
  return terms.length === 0 ? '' : ' ORDER BY ' + terms.map(renderTerm).join(', ')
}

/** The terms of `orderBy`: `[{ createdAt: 'desc' }, { id: 'asc' }]` or one such object. */
export function orderTerms(meta: TableMeta, orderBy: unknown, ctx: OrderContext, at = 'orderBy'): OrderTerm[] {
  if (orderBy === undefined) return []
  const issues = ctx.issues
  const listed = Array.isArray(orderBy)
  const items = listed ? listItems(issues, orderBy, at, 'a list of orderings') : [orderBy]
  const terms: OrderTerm[] = []
  items?.forEach((item, i) => {
    const path = listed ? `${at}[${i}]` : at
    const ordering = ownCopy(issues, item, path, "an object like { column: 'asc' }")
    if (!ordering) return
    for (const key of Object.keys(ordering)) {
      const term = termOf(meta, key, ordering[key], joinPath(path, key), ctx)
      if (term) terms.push(term)
    }
  })
  return terms
}

/** ORDER BY of `orderBy` ('' when not given). */
export function compileOrderBy(meta: TableMeta, orderBy: unknown, ctx: OrderContext, at = 'orderBy'): string {
  return renderOrder(orderTerms(meta, orderBy, ctx, at))
}

function termOf(meta: TableMeta, key: string, value: unknown, path: string, ctx: OrderContext): OrderTerm | undefined {
  const issues = ctx.issues
  const column = meta.byKey.get(key)
  if (column) {
    if (!column.sortable) {
      issues.add(path, `a ${column.type} column cannot be sorted (PostgreSQL has no ordering for it); use jsonb, or sort by another column`)
      return undefined
    }
    const direction = readDirection(value, path, issues)
    return direction && { ref: `${ctx.alias}.${column.quoted}`, ...direction, column, nullable: column.nullable }
  }
  const relation = Object.hasOwn(meta.relations, key) ? meta.relations[key]! : undefined
  if (!relation) {
    issues.add(path, `unknown column of ${meta.key}; expected one of ${knownKeys([...meta.byKey.keys(), ...Object.keys(meta.relations)])}`)
    return undefined
  }
  const target = relation.target()
  const nested = ownCopy(issues, value, path, relation.kind === 'one' ? `an object like { ${target.columns[0]?.key ?? 'column'}: 'asc' }` : "{ _count: 'asc' | 'desc' }")
  if (!nested) return undefined
  const keys = Object.keys(nested)
  if (keys.length !== 1) {
    issues.add(path, `expected exactly one ${relation.kind === 'one' ? 'column' : 'key (_count)'} to order by, got ${keys.length}; use one object per term`)
    return undefined
  }
  const inner = keys[0]!
  const innerPath = joinPath(path, inner)
  const alias = ctx.nextAlias()
  const { from, on } = relationJoin(meta, ctx.alias, relation, target, alias, ctx.nextAlias)
  if (relation.kind !== 'one') {
    if (inner !== '_count') {
      issues.add(innerPath, `a to-many relation is ordered by its number of rows: { ${key}: { _count: 'asc' | 'desc' } }`)
      return undefined
    }
    const direction = readDirection(nested[inner], innerPath, issues)
    return direction && { ref: `(SELECT count(*) FROM ${from} WHERE ${on.join(' AND ')})`, ...direction, column: undefined, nullable: false }
  }
  const targetColumn = target.byKey.get(inner)
  if (!targetColumn) {
    issues.add(innerPath, `unknown column of ${target.key}; expected one of ${knownKeys(target.byKey.keys())}`)
    return undefined
  }
  if (!targetColumn.sortable) {
    issues.add(innerPath, `a ${targetColumn.type} column cannot be sorted (PostgreSQL has no ordering for it)`)
    return undefined
  }
  const direction = readDirection(nested[inner], innerPath, issues)
  // A to-one relation joins on a unique key: the subquery gives at most one value.
  return direction && { ref: `(SELECT ${alias}.${targetColumn.quoted} FROM ${from} WHERE ${on.join(' AND ')})`, ...direction, column: undefined, nullable: true }
}
