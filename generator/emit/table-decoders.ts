/**
 * The row decoders of a table's module: `decodeBook` builds a row from the text of each
 * column, `decodeBookJson` from a nested row sent as a JSON array. Straight-line code: one
 * object literal, each field converted by the runtime function its type's row names.
 */
import type { ColumnModel } from '../../schema/model.js'
import { fieldType, rowOf, valueType } from './column-values.js'
import { as, call, id, named, nullValue, object, prop, type Expression, type Statement } from './syntax.js'
import type { TableContext } from './table.js'

function cell(row: 'r' | 'a', index: number): Expression {
  return { kind: 'element', object: id(row), index }
}

/** `cell === null ? null : expression` */
function unlessNull(value: Expression, expression: Expression): Expression {
  return { kind: 'conditional', test: { kind: 'binary', left: value, operator: '===', right: nullValue }, consequent: nullValue, alternate: expression }
}

/** Reads column `index` of a row of text values (`r`), with the runtime decoder of its type. */
function decodeExpression(t: TableContext, column: ColumnModel, index: number, helpers: Set<string>): Expression {
  const row = rowOf(column)
  const text = cell('r', index)
  const asText = as(text, named('string'))
  let expression: Expression
  if (column.type.dimensions > 0) {
    const decoder = row.decoder ?? 'decodeText'
    helpers.add('decodeArray').add(decoder)
    // The decoder's values are the element type itself, unless the type is narrower than them (an enum's, a json type).
    const plain = column.type.dimensions === 1 && row.tsFrom === undefined
    const typeArgs = plain ? [] : [named(row.ts), valueType(t.model, column)]
    expression = call('decodeArray', [asText, id(decoder)], typeArgs)
  } else if (row.decoder) {
    helpers.add(row.decoder)
    expression = call(row.decoder, [asText])
    if (row.tsFrom !== undefined) expression = as(expression, valueType(t.model, column))
  } else {
    return as(text, fieldType(t.model, column))
  }
  return column.nullable ? unlessNull(text, expression) : expression
}

/**
 * Reads column `index` of a nested row sent as a JSON array (`a`), converting what JSON
 * cannot carry exactly (int8 and numeric arrive as text, timestamps as strings).
 */
function jsonDecodeExpression(t: TableContext, column: ColumnModel, index: number, helpers: Set<string>): Expression {
  const decoder = rowOf(column).jsonDecoder
  const value = cell('a', index)
  if (!decoder) return as(value, fieldType(t.model, column))
  helpers.add(decoder)
  let expression: Expression
  if (column.type.dimensions > 0) {
    helpers.add('jsonArray')
    expression = as(call('jsonArray', [value, id(decoder)]), valueType(t.model, column))
  } else expression = call(decoder, [as(value, named('never'))])
  return column.nullable ? unlessNull(value, expression) : expression
}

/** The two decoder functions; `helpers` collects the runtime functions they call. */
export function tableDecoderStatements(t: TableContext, helpers: Set<string>): Statement[] {
  const { names, table } = t
  const decodeFields = table.columns.map((c, i) => prop(c.tsName, decodeExpression(t, c, i, helpers)))
  const jsonFields = table.columns.map((c, i) => prop(c.tsName, jsonDecodeExpression(t, c, i, helpers)))
  return [
    {
      kind: 'function',
      name: names.decode,
      docs: ['Builds a row from the text of every column, in declaration order.'],
      params: [{ name: 'r', type: named('RawRow') }],
      returnType: named(names.row),
      returns: object(decodeFields, true),
    },
    {
      kind: 'function',
      name: names.decodeJson,
      docs: ['Builds a row from a nested row, sent as a JSON array of its columns in declaration order.'],
      params: [{ name: 'a', type: named('JsonRow') }],
      returnType: named(names.row),
      returns: object(jsonFields, true),
    },
  ]
}
