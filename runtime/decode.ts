/**
 * Reading rows back into objects: one path for every statement that returns a table's rows
 * (reads, writes' RETURNING, streams, `load`).
 *
 * The layout, which the statements in compile/ build and everything here reads by position:
 * - a row of a table, as the server sends it: one text value per column, the table's
 *   columns in declaration order (all of them, or the selected ones; COPY's as listed),
 *   then one json value per relation of `with`, in the order `with` lists them;
 * - a nested row (one element of such a json value: the related row, or each of the
 *   related rows): a JSON array (`json_build_array`) of the same: the columns in
 *   declaration order, then the nested row's own relations. An array rather than an object
 *   carries no key names to build, send and parse (measured 0.87x the time of `to_json`
 *   objects for 100 rows with 6 nested each); int8 and numeric are cast to text inside it,
 *   so that no precision is lost.
 *
 * A whole row is read by the table's generated decoders (`decodeBook` for text,
 * `decodeBookJson` for a nested row: straight-line code); a selection of columns by the
 * same per-column decoders the metadata holds, one after another.
 */
import type { ColumnMeta, JsonRow, TableMeta } from './meta.js'
import type { NestedRelation } from './compile/relations.js'
import type { RawRow } from './types.js'

export type RowDecoder = (row: RawRow) => Record<string, unknown>

/**
 * The decoder of a table's rows: every column (`columns` undefined) or the given ones,
 * starting at `offset` in the row, then the relations of `with`.
 */
export function rowDecoder(meta: TableMeta, columns: readonly ColumnMeta[] | undefined, relations: readonly NestedRelation[] = [], offset = 0): RowDecoder {
  const own: RowDecoder =
    columns === undefined
      ? offset === 0
        ? (row) => meta.decode(row) as Record<string, unknown>
        : (row) => meta.decode(row.slice(offset)) as Record<string, unknown>
      : (row) => decodeColumns(columns, row, offset)
  if (relations.length === 0) return own
  const width = offset + (columns ?? meta.columns).length
  const attach = relationsAttacher(relations)
  return (row) => attach(own(row), (i) => JSON.parse(row[width + i] as string))
}

/** Decodes `columns` (text values from `offset` on) into an object with just those keys. */
function decodeColumns(columns: readonly ColumnMeta[], row: RawRow, offset: number): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!
    const text = row[i + offset]
    out[column.key] = text === null || text === undefined ? null : column.decode ? column.decode(text) : text
  }
  return out
}

/** Adds the relations of `with` to a decoded row; `value(i)` is the parsed JSON of the i-th. */
function relationsAttacher(relations: readonly NestedRelation[]) {
  const decoders = relations.map((relation) => ({ name: relation.name, decode: nestedDecoder(relation) }))
  return (target: Record<string, unknown>, value: (i: number) => unknown): Record<string, unknown> => {
    for (let i = 0; i < decoders.length; i++) target[decoders[i]!.name] = decoders[i]!.decode(value(i))
    return target
  }
}

/** The decoder of one relation's JSON value: a nested row (or null) for one, a list for many. */
function nestedDecoder(relation: NestedRelation): (json: unknown) => unknown {
  if (relation.kind === 'count') return countsDecoder(relation.counted!)
  const { target, columns, full } = relation
  const attach = relation.relations.length > 0 ? relationsAttacher(relation.relations) : undefined
  const width = columns.length
  const decodeRow = (json: JsonRow): Record<string, unknown> => {
    const out = full ? (target.decodeJson(json) as Record<string, unknown>) : decodeJsonColumns(columns, json)
    return attach ? attach(out, (i) => json[width + i]) : out
  }
  if (relation.kind === 'one') return (json) => (json === null || json === undefined ? null : decodeRow(json as JsonRow))
  return (json) => (json as JsonRow[]).map(decodeRow)
}

/** `{ books: 2, reviews: 0 }` from the JSON array of counts that `with: { _count }` builds. */
function countsDecoder(names: readonly string[]): (json: unknown) => Record<string, number> {
  return (json) => {
    const counts: Record<string, number> = {}
    for (let i = 0; i < names.length; i++) counts[names[i]!] = Number((json as JsonRow)[i])
    return counts
  }
}

/** Builds a row of the selected columns from a parsed nested row (a JSON array). */
function decodeJsonColumns(columns: readonly ColumnMeta[], json: JsonRow): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!
    const value = json[i]
    out[column.key] = value === null || value === undefined ? null : column.decodeJson ? column.decodeJson(value) : value
  }
  return out
}
