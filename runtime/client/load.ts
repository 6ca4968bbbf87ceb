/**
 * `load`: relations for rows already in hand, one statement per relation and level,
 * batched by key; and the plans of `link` / `unlink`.
 */
import { Issues, isPlainObject, listItems, ownCopy } from '../input.js'
import type { ColumnMeta, TableMeta } from '../meta.js'
import type { QueryPlan, Send, Statement } from '../query.js'
import { EncodeError } from '../types.js'
import { keyColumn } from '../compile/joins.js'
import { loadStatement, planLoad, sourceKeys, type LoadStep } from '../compile/load-plan.js'
import { linkStatements, unlinkStatements } from '../compile/links.js'
import { rowDecoder } from '../decode.js'

/** Checks a `load` and makes its plan, which sends one statement per relation and level. */
export function loadPlan(meta: TableMeta, rows: unknown, spec: unknown): QueryPlan<never> {
  const issues = new Issues(meta.key, 'load')
  const items = listItems(issues, rows, 'rows', 'an array of rows')
  if (!items) return issues.stop()
  // The rows given back are copies (the given ones are not changed), with the relations added.
  const copies = items.map((row, i) => {
    const copy = ownCopy(issues, row, `rows[${i}]`, 'a row object')
    return copy && { ...copy }
  })
  const steps = planLoad(meta, spec, issues, '')
  for (const step of steps) {
    for (const key of sourceKeys(step.relation)) {
      const missing = copies.findIndex((row) => row !== undefined && !Object.hasOwn(row, key))
      if (missing >= 0) issues.add(`rows[${missing}].${key}`, `is missing; ${step.name} is loaded by ${key}, so select it`)
      else checkKeyValues(issues, keyColumn(meta, key), copies, key)
    }
  }
  issues.throwIfAny()
  return {
    statements: [],
    read: true,
    atomic: false,
    finish: () => undefined as never,
    run: async (send) => (await loadLevel(meta, copies as Record<string, unknown>[], steps, send, issues)) as never,
  }
}

/** The rows' values of a key `load` joins on must be values of its column (they are sent as parameters). */
function checkKeyValues(issues: Issues, column: ColumnMeta, rows: readonly (Record<string, unknown> | undefined)[], key: string): void {
  rows.forEach((row, i) => {
    const value = row?.[key]
    if (value === null || value === undefined) return
    try {
      column.encode(value)
    } catch (error) {
      if (!(error instanceof EncodeError)) throw error
      issues.add(`rows[${i}].${key}`, error.message)
    }
  })
}

async function loadLevel(meta: TableMeta, rows: Record<string, unknown>[], steps: readonly LoadStep[], send: Send, issues: Issues): Promise<Record<string, unknown>[]> {
  for (const step of steps) {
    const keys = sourceKeys(step.relation)
    const keyColumns = keys.map((key) => keyColumn(meta, key))
    // Distinct key tuples of the rows that have one (a NULL key relates to nothing).
    const tuples = new Map<string, unknown[]>()
    const rowKeys = rows.map((row) => {
      const values = keys.map((key) => row[key])
      if (values.some((v) => v === null || v === undefined)) return undefined
      const id = keyId(keyColumns, values)
      tuples.set(id, values)
      return id
    })
    if (step.count) {
      await loadCounts(meta, rows, step, keyColumns, rowKeys, tuples, send, issues)
      continue
    }
    const grouped = new Map<string, Record<string, unknown>[]>()
    let children: Record<string, unknown>[] = []
    if (tuples.size > 0) {
      const statement = loadStatement(step, keyColumns, [...tuples.values()], issues)
      const [result] = await send([statement])
      // Each row holds the key values, then the step's columns.
      const readKeys = rowDecoder(meta, keyColumns)
      const readChild = rowDecoder(step.target, step.columns.length === step.target.columns.length ? undefined : step.columns, [], keyColumns.length)
      for (const row of result!.rows) {
        const keyValues = readKeys(row)
        const id = keyId(keyColumns, keyColumns.map((c) => keyValues[c.key]))
        const child = readChild(row)
        let list = grouped.get(id)
        if (!list) grouped.set(id, (list = []))
        list.push(child)
        children.push(child)
      }
    }
    if (step.nested.length > 0 && children.length > 0) {
      // Load the next level for all children at once, then put the results in their place.
      const loaded = await loadLevel(step.target, children, step.nested, send, issues)
      const replace = new Map(children.map((child, i) => [child, loaded[i]!]))
      for (const list of grouped.values()) list.forEach((child, i) => (list[i] = replace.get(child)!))
      children = loaded
    }
    if (step.visible.length !== step.columns.length) {
      const hidden = step.columns.filter((c) => !step.visible.includes(c)).map((c) => c.key)
      for (const list of grouped.values()) for (const child of list) for (const key of hidden) delete child[key]
    }
    rows.forEach((row, i) => {
      const list = rowKeys[i] === undefined ? [] : (grouped.get(rowKeys[i]!) ?? [])
      row[step.name] = step.relation.kind === 'one' ? (list[0] ?? null) : list
    })
  }
  return rows
}

/** Adds `_count.<relation>` to each row: the number of its related rows (0 without a key). */
async function loadCounts(
  meta: TableMeta,
  rows: Record<string, unknown>[],
  step: LoadStep,
  keyColumns: readonly ColumnMeta[],
  rowKeys: readonly (string | undefined)[],
  tuples: ReadonlyMap<string, unknown[]>,
  send: Send,
  issues: Issues,
): Promise<void> {
  const counts = new Map<string, number>()
  if (tuples.size > 0) {
    const [result] = await send([loadStatement(step, keyColumns, [...tuples.values()], issues)])
    const readKeys = rowDecoder(meta, keyColumns)
    for (const row of result!.rows) {
      const keyValues = readKeys(row)
      counts.set(keyId(keyColumns, keyColumns.map((c) => keyValues[c.key])), Number(row[keyColumns.length]))
    }
  }
  rows.forEach((row, i) => {
    // A new object: the `_count` of a row given in (from an earlier load) is not changed.
    const previous = isPlainObject(row._count) ? row._count : {}
    row._count = { ...previous, [step.name]: rowKeys[i] === undefined ? 0 : (counts.get(rowKeys[i]!) ?? 0) }
  })
}

function keyId(columns: readonly ColumnMeta[], values: readonly unknown[]): string {
  return values.map((value, i) => (value === null ? '\u0000' : columns[i]!.encode(value))).join('\u0001')
}

function countOf(statements: Statement[]): QueryPlan<number> {
  return { statements, read: false, atomic: false, finish: (results) => results[0]?.count ?? 0 }
}

/** Adds many-to-many links (those that exist are kept); its value is how many were added. */
export function linkPlan(meta: TableMeta, name: unknown, key: unknown, targets: unknown): QueryPlan<number> {
  return countOf(linkStatements(meta, name, key, targets))
}

/** Removes many-to-many links; its value is how many were removed. */
export function unlinkPlan(meta: TableMeta, name: unknown, key: unknown, targets: unknown): QueryPlan<number> {
  return countOf(unlinkStatements(meta, name, key, targets))
}
