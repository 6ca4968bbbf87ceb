/**
 * Parts of SELECT statements: the select list, LIMIT/OFFSET (always parameters) and row
 * locks. Orderings are in order.ts.
 */
import type { ColumnMeta, TableMeta } from '../meta.js'
import { checkCount, joinPath, knownKeys, listItems, type Issues } from '../input.js'
import { describe } from '../types.js'
import type { Params } from './context.js'

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

