/**
 * Validating what a write gives, before any SQL is built: a row to insert (with the table's
 * generated insert schema) and the `set` of an update (with its patch schema). zod only
 * ever sees copies made of own properties, so a column missing from the row is missing,
 * whatever was added to Object.prototype.
 */
import { addSchemaIssues, emptyOwn, knownKeys, ownCopy, type Issues, type Own } from '../input.js'
import type { TableMeta } from '../meta.js'
import type { NumericChange } from '../compile/update.js'

function unknownColumn(meta: TableMeta): string {
  return `unknown column of ${meta.key}; expected one of ${knownKeys(meta.byKey.keys())}`
}

/** Validates one row for insert; returns a copy of its given values (undefined ones left out: their columns take their defaults). */
export function checkRow(meta: TableMeta, issues: Issues, row: unknown, path: string): Own | undefined {
  const values = ownCopy(issues, row, path || 'row', 'a plain object', true)
  if (!values) return undefined
  if (meta.insertSchema.safeParse(values).success) return values
  addSchemaIssues(issues, meta.insertSchema, values, path, unknownColumn(meta))
  return undefined
}

/** An update's `set`: plain new values (validated), and increments/decrements of numeric columns. */
export interface Patch {
  readonly plain: Own
  readonly changes: readonly NumericChange[]
}

/** Validates an update's `set`. */
export function checkPatch(meta: TableMeta, issues: Issues, given: unknown): Patch {
  const set = ownCopy(issues, given, 'set', 'an object of new values')
  // The values zod checks: a copy, so that a column not given is not given.
  const plain = emptyOwn()
  const changes: NumericChange[] = []
  if (!set) return { plain, changes }
  for (const key of Object.keys(set)) {
    const value = set[key]
    const column = meta.byKey.get(key)
    if (!column) {
      issues.add(`set.${key}`, unknownColumn(meta))
    } else if (value === undefined) {
      issues.add(`set.${key}`, 'is undefined; leave the key out, or use null to clear the column')
    } else if (column.numeric && typeof value === 'object' && value !== null) {
      const change = ownCopy(issues, value, `set.${key}`, 'a value, { increment: n } or { decrement: n }')
      if (!change) continue
      const ops = Object.keys(change)
      const op = ops[0]
      if (ops.length !== 1 || (op !== 'increment' && op !== 'decrement')) issues.add(`set.${key}`, 'expected a value, { increment: n } or { decrement: n }')
      else changes.push({ column, op: op === 'increment' ? '+' : '-', value: change[op] })
    } else {
      plain[key] = value
    }
  }
  if (Object.keys(set).length === 0) issues.add('set', 'is empty; give at least one column to change')
  if (!meta.patchSchema.safeParse(plain).success) addSchemaIssues(issues, meta.patchSchema, plain, 'set', unknownColumn(meta))
  return { plain, changes }
}
