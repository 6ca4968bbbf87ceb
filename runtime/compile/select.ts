/**
 * SELECT statements: the select list, ORDER BY, LIMIT/OFFSET (always parameters), row
 * locks, and the statements of reads (`findMany`, `findById`, `count`, `exists`).
 */
import type { ColumnMeta, TableMeta } from '../meta.js'
import { checkCount, joinPath, knownKeys, listItems, ownCopy, type Issues } from '../input.js'
import { describe } from '../types.js'
import type { Params } from './context.js'

/** ORDER BY from `[{ createdAt: 'desc' }, { id: 'asc' }]` (or one object). */
export function compileOrderBy(meta: TableMeta, orderBy: unknown, alias: string, issues: Issues, at = 'orderBy'): string {
  if (orderBy === undefined) return ''
  const listed = Array.isArray(orderBy)
  const items = listed ? listItems(issues, orderBy, at, 'a list of orderings') : [orderBy]
  const parts: string[] = []
  items?.forEach((item, i) => {
    const path = listed ? `${at}[${i}]` : at
    const ordering = ownCopy(issues, item, path, "an object like { column: 'asc' }")
    if (!ordering) return
    for (const key of Object.keys(ordering)) {
      const direction = ordering[key]
      const column = meta.byKey.get(key)
      if (!column) {
        issues.add(joinPath(path, key), `unknown column of ${meta.key}; expected one of ${knownKeys(meta.byKey.keys())}`)
        continue
      }
      if (!column.sortable) {
        issues.add(joinPath(path, key), `a ${column.type} column cannot be sorted (PostgreSQL has no ordering for it); use jsonb, or sort by another column`)
        continue
      }
      const term = orderTerm(`${alias}.${column.quoted}`, direction, joinPath(path, key), issues)
      if (term) parts.push(term)
    }
  })
  return parts.length === 0 ? '' : ' ORDER BY ' + parts.join(', ')
}

/** Whether an ordering value is a direction (`'asc'`, `{ dir: 'desc', nulls: 'last' }`) rather than a nested ordering. */
export function isDirection(value: unknown): boolean {
  return value === 'asc' || value === 'desc' || (typeof value === 'object' && value !== null && Object.hasOwn(value, 'dir'))
}

/**
 * `<ref> ASC|DESC [NULLS FIRST|LAST]` of `'asc'`, `'desc'` or `{ dir, nulls }`; undefined
 * (and an issue) for anything else. Without `nulls`, PostgreSQL's default holds: nulls
 * sort as if larger than any value (last ascending, first descending).
 */
export function orderTerm(ref: string, direction: unknown, path: string, issues: Issues): string | undefined {
  if (direction === 'asc' || direction === 'desc') return `${ref} ${direction === 'asc' ? 'ASC' : 'DESC'}`
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
  if (!ok) return undefined
  return `${ref} ${spec.dir === 'asc' ? 'ASC' : 'DESC'}${spec.nulls === undefined ? '' : spec.nulls === 'first' ? ' NULLS FIRST' : ' NULLS LAST'}`
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
  // Own keys only: 'toString' is a key of every object, but no lock mode.
  const clause = typeof lock === 'string' && Object.hasOwn(lockClauses, lock) ? lockClauses[lock as keyof typeof lockClauses] : undefined
  if (!clause) {
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
  const keys = listItems(issues, select, at, 'an array of column names')
  if (!keys) return undefined
  if (keys.length === 0) issues.add(at, 'is empty; name at least one column')
  const chosen = new Set<ColumnMeta>()
  keys.forEach((key, i) => {
    const column = typeof key === 'string' ? meta.byKey.get(key) : undefined
    if (!column) issues.add(`${at}[${i}]`, `unknown column of ${meta.key}; expected one of ${knownKeys(meta.byKey.keys())}`)
    else chosen.add(column)
  })
  // Declaration order keeps one SQL text per set of columns, whatever order they were listed in.
  return asListed ? [...chosen] : meta.columns.filter((c) => chosen.has(c))
}

