/**
 * The TypeScript types of a column's values in the generated client, read from the column
 * type's row (schema/column-types.ts): a value, a row's field, what `set` and `where` take.
 */
import type { ColumnModel, EnumModel, SchemaModel } from '../../schema/model.js'
import { columnTypes, type ColumnTypeRow } from '../../schema/column-types.js'
import { parseJsonType } from './json-type.js'
import { arrayOf, named, union, type TypeNode } from './syntax.js'

export function rowOf(column: ColumnModel): ColumnTypeRow {
  return columnTypes[column.type.name]
}

export function enumOf(model: SchemaModel, column: ColumnModel): EnumModel {
  return model.enums.find((e) => e.name === column.type.enumName)!
}

/** A column with `dimensions` array dimensions fewer (its elements' type at 0). */
function element(column: ColumnModel, dimensions = 0): ColumnModel {
  return { ...column, type: { ...column.type, dimensions } }
}

/** The TypeScript type of one value of the column (without null). */
export function valueType(model: SchemaModel, column: ColumnModel): TypeNode {
  const row = rowOf(column)
  let base: TypeNode
  if (row.tsFrom === 'enum') base = named(enumOf(model, column).tsName)
  else if (row.tsFrom === 'typeArgument' && column.tsType !== null) base = parseJsonType(column.tsType)
  else base = named(row.ts)
  return arrayOf(base, column.type.dimensions)
}

/** The type of the column's field in a row: its value, or null when nullable. */
export function fieldType(model: SchemaModel, column: ColumnModel): TypeNode {
  const value = valueType(model, column)
  return column.nullable ? union([value, named('null')]) : value
}

/** The change type `set` takes besides a value (`NumericChange`, `JsonbChange`, `ArrayChange`), if any. */
export function changeTypeName(column: ColumnModel): string | undefined {
  if (column.type.dimensions === 1) return 'ArrayChange'
  return column.type.dimensions === 0 ? rowOf(column).change : undefined
}

/** What `set` takes for the column: a value, or a change (`{ increment: 1 }`, `{ append: [...] }`...). */
export function patchType(model: SchemaModel, column: ColumnModel): TypeNode {
  const change = changeTypeName(column)
  if (!change) return fieldType(model, column)
  const of = change === 'ArrayChange' ? valueType(model, element(column)) : valueType(model, column)
  return union([fieldType(model, column), named(change, [of])])
}

/** The filter type `where` takes for the column. */
export function filterTypeName(column: ColumnModel): string {
  return column.type.dimensions > 0 ? 'ArrayFilter' : rowOf(column).filter
}

/** Which filters take the plain value too (equality), and which are generic over the value. */
const filterForms: Readonly<Record<string, { value: boolean; generic: boolean }>> = {
  ArrayFilter: { value: true, generic: true },
  ComparableFilter: { value: true, generic: true },
  EqualityFilter: { value: true, generic: true },
  TextFilter: { value: true, generic: true },
  JsonbFilter: { value: false, generic: true },
  JsonFilter: { value: false, generic: false },
}

/** What `where` takes for the column: `T | TextFilter<T>`, `T | null | ComparableFilter<T, null>`, `JsonbFilter<T> | null`... */
export function whereType(model: SchemaModel, column: ColumnModel): TypeNode {
  const name = filterTypeName(column)
  const form = filterForms[name]!
  // An array's filter is over its elements (`has`, `hasAll`...).
  const of = name === 'ArrayFilter' ? valueType(model, element(column, column.type.dimensions - 1)) : valueType(model, column)
  const args = form.generic ? (column.nullable ? [of, named('null')] : [of]) : []
  const filter = named(name, args)
  const orNull = column.nullable ? [named('null')] : []
  return union(form.value ? [valueType(model, column), ...orNull, filter] : [filter, ...orNull])
}

/** A column that may be left out of an insert: it has a default (serial columns do). */
export function hasDefault(column: ColumnModel): boolean {
  return column.default !== null || rowOf(column).serialOf !== undefined
}
