/**
 * Validating what a write gives, before any SQL is built: a row to insert (with the table's
 * generated insert schema) and the `set` of an update (with its patch schema). The plain
 * check of the same rules (meta.acceptsRow) answers first; zod sees only what it refuses,
 * and says why. Both only ever see copies made of own properties, so a column missing
 * from the row is missing, whatever was added to Object.prototype.
 */
import { addSchemaIssues, emptyOwn, isPlainObject, knownKeys, listItems, ownCopy, plainCopy, type Issues, type Own } from '../input.js'
import type { ColumnMeta, TableMeta } from '../meta.js'
import { describe } from '../types.js'
import type { ColumnChange } from '../compile/update.js'

function unknownColumn(meta: TableMeta): string {
  return `unknown column of ${meta.key}; expected one of ${knownKeys(meta.byKey.keys())}`
}

/**
 * A copy of a row that passes the plain check, or undefined: the short path, which reports
 * nothing (checkRow says what is wrong with a row it does not take).
 */
export function acceptedCopy(meta: TableMeta, row: unknown): Own | undefined {
  if (!isPlainObject(row)) return undefined
  const values = plainCopy(row)
  return values && meta.acceptsRow(values, false) ? values : undefined
}

/** Validates one row for insert; returns a copy of its given values (undefined ones left out: their columns take their defaults). */
export function checkRow(meta: TableMeta, issues: Issues, row: unknown, path: string): Own | undefined {
  const values = ownCopy(issues, row, path || 'row', 'a plain object', true)
  if (!values) return undefined
  if (meta.acceptsRow(values, false) || meta.insertSchema.safeParse(values).success) return values
  addSchemaIssues(issues, meta.insertSchema, values, path, unknownColumn(meta))
  return undefined
}

/** An update's `set`: plain new values (validated), and changes of current values (increment, merge, append, ...). */
export interface Patch {
  readonly plain: Own
  readonly changes: readonly ColumnChange[]
}

/**
 * Whether a `set` value is a change of the current value rather than a new value: an
 * object for a number or an array column; for jsonb, an object whose keys are exactly
 * `merge`, or exactly `path` and `value`. (A jsonb document of exactly that shape is read
 * as the change; to store one, set `{ merge: { ... } }` on a NULL column, or write it
 * with `db.sql`. The README says so.)
 */
export function isChange(column: ColumnMeta, value: unknown): boolean {
  if (!isPlainObject(value)) return false
  if (column.numeric || column.dimensions > 0) return true
  if (column.type !== 'jsonb') return false
  const keys = Object.keys(value).sort().join(',')
  return keys === 'merge' || keys === 'path,value'
}

const changeShapes = (column: ColumnMeta): string =>
  column.numeric ? '{ increment: n } or { decrement: n }' : column.dimensions > 0 ? '{ append: x | [x, ...] } or { remove: x }' : '{ merge: object } or { path: [keys], value }'

function readChange(column: ColumnMeta, given: Own, issues: Issues): ColumnChange | undefined {
  const path = `set.${column.key}`
  const change = ownCopy(issues, given, path, `a value, ${changeShapes(column)}`)
  if (!change) return undefined
  const ops = Object.keys(change)
  const op = ops[0]
  if (column.numeric) {
    if (ops.length === 1 && (op === 'increment' || op === 'decrement')) return { kind: op, column, value: change[op] }
  } else if (column.dimensions > 0) {
    if (column.dimensions > 1 && ops.length === 1) {
      issues.add(path, 'append and remove work on one-dimensional arrays; set the whole value instead')
      return undefined
    }
    if (ops.length === 1 && op === 'append') return { kind: 'append', column, value: change.append, many: Array.isArray(change.append) }
    if (ops.length === 1 && op === 'remove') return { kind: 'remove', column, value: change.remove }
  } else if (op === 'merge') {
    if (!isPlainObject(change.merge)) {
      issues.add(`${path}.merge`, 'expected an object of the keys to set')
      return undefined
    }
    return { kind: 'merge', column, value: change.merge }
  } else {
    const keys = listItems(issues, change.path, `${path}.path`, 'an array of object keys')
    if (!keys) return undefined
    if (keys.length === 0) issues.add(`${path}.path`, 'is empty; to replace the whole value, set it directly')
    keys.forEach((key, i) => {
      if (typeof key !== 'string') issues.add(`${path}.path[${i}]`, `expected an object key (a string), got ${describe(key)}`)
    })
    if (change.value === undefined) issues.add(`${path}.value`, 'is undefined; use null to set JSON null')
    return { kind: 'setPath', column, path: keys as string[], value: change.value }
  }
  issues.add(path, `expected a value, ${changeShapes(column)}`)
  return undefined
}

/** Validates an update's `set`. */
export function checkPatch(meta: TableMeta, issues: Issues, given: unknown): Patch {
  const set = ownCopy(issues, given, 'set', 'an object of new values')
  // The values zod checks: a copy, so that a column not given is not given.
  const plain = emptyOwn()
  const changes: ColumnChange[] = []
  if (!set) return { plain, changes }
  for (const key of Object.keys(set)) {
    const value = set[key]
    const column = meta.byKey.get(key)
    if (!column) {
      issues.add(`set.${key}`, unknownColumn(meta))
    } else if (value === undefined) {
      issues.add(`set.${key}`, 'is undefined; leave the key out, or use null to clear the column')
    } else if (isChange(column, value)) {
      const change = readChange(column, value as Own, issues)
      if (change) changes.push(change)
    } else {
      plain[key] = value
    }
  }
  if (Object.keys(set).length === 0) issues.add('set', 'is empty; give at least one column to change')
  if (!meta.acceptsRow(plain, true) && !meta.patchSchema.safeParse(plain).success) addSchemaIssues(issues, meta.patchSchema, plain, 'set', unknownColumn(meta))
  return { plain, changes }
}
