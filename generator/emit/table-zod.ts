/**
 * The zod schemas of a table's module: a row to insert (`newBookSchema`) and the plain
 * values of an update (`bookPatchSchema`), each column's schema built from its type's row
 * (schema/column-types.ts) and its validators.
 */
import type { ColumnModel } from '../../schema/model.js'
import { enumValuesName } from './enums.js'
import { enumOf, hasDefault, rowOf } from './column-values.js'
import { call, id, member, method, num, object, prop, type Expression, type Statement } from './syntax.js'
import type { TableContext } from './table.js'

const parsed = new Map<string, Expression>()

/** A row's zod schema text (`z.int().min(-32768).max(32767)`, `floatValue()`) as an expression: names, members, calls of numbers and names. */
function zodBase(text: string): Expression {
  let expression = parsed.get(text)
  if (expression) return expression
  const token = /\s*(-?\d[\w.+-]*|[A-Za-z_$][\w$]*|[.(),])/y
  const next = () => {
    const match = token.exec(text)
    if (!match) throw new Error(`internal error: cannot read the zod schema ${JSON.stringify(text)}`)
    return match[1]!
  }
  expression = id(next())
  while (token.lastIndex < text.length) {
    const t = next()
    if (t === '.') expression = member(expression, next())
    else if (t === '(') {
      const args: Expression[] = []
      for (let arg = next(); arg !== ')'; arg = next()) {
        if (arg !== ',') args.push(/^-?\d/.test(arg) ? num(arg) : id(arg))
      }
      expression = call(expression, args)
    } else throw new Error(`internal error: cannot read the zod schema ${JSON.stringify(text)}`)
  }
  parsed.set(text, expression)
  return expression
}

/** The runtime function a row's zod schema calls or names (`floatValue`, `jsonValue`), when it is not zod's own. */
export function zodHelper(column: ColumnModel): string | undefined {
  const row = rowOf(column)
  if (row.tsFrom === 'enum') return undefined
  const root = /^[A-Za-z_$][\w$]*/.exec(row.zod)![0]
  return root === 'z' ? undefined : root
}

/** A bound of a bigint column as a bigint literal (a fractional bound rounded inwards). */
function bigintBound(text: string, side: 'min' | 'max'): string {
  if (/^-?\d+$/.test(text)) return `${text}n`
  const value = Number(text)
  return `${BigInt(side === 'min' ? Math.ceil(value) : Math.floor(value))}n`
}

/**
 * The schema of one value (an array column's element).
 * @param element whether this is an array column's element: min/max then bound the array's length, not the value
 */
function zodValue(t: TableContext, column: ColumnModel, element: boolean): Expression {
  const row = rowOf(column)
  const v = column.validators
  if (row.tsFrom === 'enum') return method(id('z'), 'enum', [id(enumValuesName(enumOf(t.model, column).tsName))])
  let schema = zodBase(row.zod)
  if (row.measure === 'length') {
    if (v.email) schema = method(id('z'), 'email')
    else if (v.url) schema = method(id('z'), 'url')
    // The length bounds apply to the text (of an array's elements too, as they always have).
    const limit = row.parameters === 'length' ? column.type.length : null
    const max = [limit, v.maxLength].filter((n): n is number => n !== null)
    if (v.minLength !== null) schema = method(schema, 'min', [num(v.minLength)])
    if (max.length > 0) schema = method(schema, 'max', [num(Math.min(...max))])
    // `source` is already escaped for a literal (a `/` reads `\/`).
    if (v.regex) schema = method(schema, 'regex', [{ kind: 'regex', pattern: v.regex.source, flags: v.regex.flags }])
  }
  if (row.zodBounds === 'options') {
    // floatValue({ min, max }), decimalString({ wholeDigits, min, max }) of dbridge/runtime.
    const options = []
    if (row.parameters === 'precision' && column.type.precision !== null) {
      options.push(prop('wholeDigits', num(Math.max(column.type.precision - (column.type.scale ?? 0), 0))))
    }
    if (!element && v.min !== null) options.push(prop('min', num(v.min)))
    if (!element && v.max !== null) options.push(prop('max', num(v.max)))
    const callee = schema.kind === 'call' ? schema.callee : schema
    schema = call(callee, options.length === 0 ? [] : [object(options)])
  }
  return schema
}

function zodColumn(t: TableContext, column: ColumnModel): Expression {
  const row = rowOf(column)
  const { dimensions } = column.type
  const v = column.validators
  let schema = zodValue(t, column, dimensions > 0)
  // Integers take zod's own bounds; floats and numerics got theirs from their runtime validator.
  if (dimensions === 0 && (row.zodBounds === 'methods' || row.zodBounds === 'bigintMethods')) {
    const big = row.zodBounds === 'bigintMethods'
    if (v.min !== null) schema = method(schema, 'min', [num(big ? bigintBound(v.min, 'min') : v.min)])
    if (v.max !== null) schema = method(schema, 'max', [num(big ? bigintBound(v.max, 'max') : v.max)])
  }
  for (let d = 0; d < dimensions; d++) {
    schema = method(id('z'), 'array', [schema])
    if (d === dimensions - 1) {
      if (v.minLength !== null) schema = method(schema, 'min', [num(v.minLength)])
      if (v.maxLength !== null) schema = method(schema, 'max', [num(v.maxLength)])
    }
  }
  if (column.nullable) schema = method(schema, 'nullable')
  if (column.nullable || hasDefault(column)) schema = method(schema, 'optional')
  return schema
}

export function tableZodStatements(t: TableContext): Statement[] {
  const { names, table } = t
  return [
    {
      kind: 'const',
      name: names.insertSchema,
      docs: ['Validates a row before insert or upsert.'],
      init: method(id('z'), 'strictObject', [object(table.columns.map((c) => prop(c.tsName, zodColumn(t, c))), true)]),
    },
    { kind: 'const', name: names.patchSchema, docs: ['Validates the plain values of an update.'], init: method(id(names.insertSchema), 'partial') },
  ]
}
