/**
 * INSERT statements: one row (`VALUES`), many rows (`unnest` of one array parameter per
 * column, whatever the number of rows: one prepared statement), and the `ON CONFLICT`
 * clause of upserts. The rows are validated already (../client/rows.ts).
 */
import { knownKeys, listItems, type Issues, type Own } from '../input.js'
import type { ColumnMeta, TableMeta } from '../meta.js'
import type { Statement } from '../query.js'
import { encodeColumn, isBareArrayElement } from '../types.js'
import { Params } from './context.js'
import { encodeValue } from './values.js'

/** `INSERT ... VALUES (...) [ON CONFLICT ...] RETURNING <every column>` of one row's given `columns`. */
export function insertStatement(meta: TableMeta, columns: readonly ColumnMeta[], values: Own, onConflict: string, issues: Issues): Statement {
  return { text: insertText(meta, columns, onConflict), params: encodeColumns(columns, values, issues) }
}

function insertText(meta: TableMeta, columns: readonly ColumnMeta[], onConflict: string): string {
  if (columns.length === 0) return `INSERT INTO ${meta.quoted} AS t0 DEFAULT VALUES${onConflict} RETURNING ${meta.selectAll}`
  const placeholders = columns.map((_, i) => `$${i + 1}`)
  return `INSERT INTO ${meta.quoted} AS t0 (${columns.map((c) => c.quoted).join(', ')}) VALUES (${placeholders.join(', ')})${onConflict} RETURNING ${meta.selectAll}`
}

function encodeColumns(columns: readonly ColumnMeta[], values: Own, issues: Issues): (string | null)[] {
  const params = new Array<string | null>(columns.length)
  for (let i = 0; i < columns.length; i++) params[i] = encodeValue(issues, columns[i]!, values[columns[i]!.key], columns[i]!.key)
  return params
}

/** The columns a row gives and the text of inserting them, per table and set of columns. */
interface InsertShape {
  readonly columns: readonly ColumnMeta[]
  readonly text: string
}

const insertShapes = new WeakMap<TableMeta, Map<number, InsertShape>>()
/** Sets of columns remembered per table: a few per table in practice; the bound keeps a generated variety from growing it. */
const maxShapes = 256

/**
 * `insertStatement` of a row without ON CONFLICT, its column list and text made once per set
 * of columns given (tables of up to 31 columns, as a bitmask; wider ones build them per call).
 */
export function insertRowStatement(meta: TableMeta, values: Own, issues: Issues): Statement {
  const shape = insertShape(meta, values)
  return { text: shape.text, params: encodeColumns(shape.columns, values, issues) }
}

/**
 * `insertRowStatement` of a row already checked (meta.acceptsRow), for the short path of
 * insert: a value its encoder refuses throws the EncodeError, and the general path reports it.
 */
export function checkedInsertStatement(meta: TableMeta, values: Own): Statement {
  const { columns, text } = insertShape(meta, values)
  const params = new Array<string | null>(columns.length)
  for (let i = 0; i < columns.length; i++) {
    const value = values[columns[i]!.key]
    params[i] = value === null ? null : columns[i]!.encode(value)
  }
  return { text, params }
}

function insertShape(meta: TableMeta, values: Own): InsertShape {
  const all = meta.columns
  let mask = all.length <= 31 ? 0 : -1
  if (mask === 0) for (let i = 0; i < all.length; i++) if (all[i]!.key in values) mask |= 1 << i
  let shapes = insertShapes.get(meta)
  if (!shapes) insertShapes.set(meta, (shapes = new Map()))
  let shape = mask >= 0 ? shapes.get(mask) : undefined
  if (!shape) {
    const columns = all.filter((c) => c.key in values)
    shape = { columns, text: insertText(meta, columns, '') }
    if (mask >= 0 && shapes.size < maxShapes) shapes.set(mask, shape)
  }
  return shape
}

/**
 * `INSERT ... SELECT FROM unnest($1::type[], ...)` of rows that all give `columns`: one
 * array parameter per column. Without columns, one row of defaults per input row.
 */
export function unnestInsert(meta: TableMeta, issues: Issues, columns: readonly ColumnMeta[], rows: readonly Own[], conflict: string, returning: boolean): Statement {
  const params = new Params()
  const returningSql = returning ? ` RETURNING ${meta.selectAll}` : ''
  if (columns.length === 0) {
    const text = `INSERT INTO ${meta.quoted} AS t0 SELECT FROM generate_series(1, ${params.add(String(rows.length))}::int4)${conflict}${returningSql}`
    return { text, params: params.values }
  }
  const arrays: string[] = []
  const selects: string[] = []
  columns.forEach((column, i) => {
    const name = `c${i + 1}`
    // Array-typed columns travel as text[] of array literals (unnest would flatten them).
    const elementsAreArrays = column.dimensions > 0
    const bare = !elementsAreArrays && isBareArrayElement(column.type)
    const literal = encodeColumn(rows, column.key, column.encode, bare, (r, error) => issues.add(`[${r}].${column.key}`, error.message))
    arrays.push(params.add(literal) + '::' + (elementsAreArrays ? 'text[]' : column.arrayCast))
    selects.push(elementsAreArrays ? `u.${name}::${column.cast}` : `u.${name}`)
  })
  const names = columns.map((_, i) => `c${i + 1}`).join(', ')
  const text =
    `INSERT INTO ${meta.quoted} AS t0 (${columns.map((c) => c.quoted).join(', ')}) ` +
    `SELECT ${selects.join(', ')} FROM unnest(${arrays.join(', ')}) AS u(${names})${conflict}${returningSql}`
  return { text, params: params.values }
}

/**
 * `ON CONFLICT (...) DO UPDATE SET ...` of an upsert (`options`: a copy of its options),
 * for a row that gives `given`: checks the target is a unique key and the update list.
 */
export function conflictClause(meta: TableMeta, issues: Issues, options: Own, given: readonly ColumnMeta[]): string {
  const { onConflict, update } = options
  const targetKeys = listItems(issues, onConflict, 'onConflict', 'a list of unique columns')
  if (!targetKeys) return ''
  if (targetKeys.length === 0) {
    issues.add('onConflict', 'is empty; name the columns of a unique key')
    return ''
  }
  const target = new Set(targetKeys)
  const keys = meta.uniqueKeys
  const matches = keys.some((key) => key.length === target.size && key.every((k) => target.has(k)))
  if (!matches) {
    const valid = keys.map((key) => `[${key.map((k) => `'${k}'`).join(', ')}]`).join(' or ')
    issues.add('onConflict', `is not a unique key of ${meta.key}; ` + (valid ? `use ${valid}` : `${meta.key} has no primary key or unique constraint to upsert on`))
    return ''
  }
  const targetColumns = meta.columns.filter((c) => target.has(c.key))
  let updateColumns: ColumnMeta[]
  if (update === undefined) {
    updateColumns = given.filter((c) => !target.has(c.key))
  } else {
    const updateKeys = listItems(issues, update, 'update', 'a list of columns')
    if (!updateKeys) return ''
    updateColumns = []
    updateKeys.forEach((key, i) => {
      const column = typeof key === 'string' ? meta.byKey.get(key) : undefined
      if (!column) issues.add(`update[${i}]`, `unknown column of ${meta.key}; expected one of ${knownKeys(meta.byKey.keys())}`)
      else if (!given.includes(column)) issues.add(`update[${i}]`, `'${key}' is not given in the row, so there is no new value to update it with`)
      else updateColumns.push(column)
    })
  }
  // With nothing to update, a no-op assignment still returns the existing row.
  const assignments = (updateColumns.length > 0 ? updateColumns : targetColumns.slice(0, 1)).map((c) => `${c.quoted} = EXCLUDED.${c.quoted}`)
  return ` ON CONFLICT (${targetColumns.map((c) => c.quoted).join(', ')}) DO UPDATE SET ${assignments.join(', ')}`
}
