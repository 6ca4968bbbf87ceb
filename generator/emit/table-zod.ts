/**
 * The zod schemas of a table's module: a row to insert (`newBookSchema`) and the plain
 * values of an update (`bookPatchSchema`), each column's schema built from its type's row
 * (schema/column-types.ts) and its validators.
 */
import type { ColumnModel } from '../../schema/model.js'
import { enumValuesName } from './enums.js'
import { enumOf, hasDefault, rowOf } from './column-values.js'
import { columnRules, type ColumnRules } from './column-rules.js'
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

/**
 * The schema of one value (an array column's element), with the rules that bound a value
 * (`rules`: the column's, see column-rules.ts).
 */
function zodValue(t: TableContext, column: ColumnModel, rules: ColumnRules): Expression {
  const row = rowOf(column)
  if (row.tsFrom === 'enum') return method(id('z'), 'enum', [id(enumValuesName(enumOf(t.model, column).tsName))])
  let schema = zodBase(row.zod)
  if (rules.email) schema = method(id('z'), 'email')
  else if (rules.url) schema = method(id('z'), 'url')
  if (rules.minLength !== undefined) schema = method(schema, 'min', [num(rules.minLength)])
  if (rules.maxLength !== undefined) schema = method(schema, 'max', [num(rules.maxLength)])
  // `source` is already escaped for a literal (a `/` reads `\/`).
  if (rules.regex) schema = method(schema, 'regex', [{ kind: 'regex', pattern: rules.regex.source, flags: rules.regex.flags }])
  if (row.zodBounds === 'options') {
    // floatValue({ min, max }), decimalString({ wholeDigits, min, max }) of dbridge/runtime.
    const options = []
    if (rules.wholeDigits !== undefined) options.push(prop('wholeDigits', num(rules.wholeDigits)))
    if (rules.min !== undefined) options.push(prop('min', num(rules.min)))
    if (rules.max !== undefined) options.push(prop('max', num(rules.max)))
    const callee = schema.kind === 'call' ? schema.callee : schema
    schema = call(callee, options.length === 0 ? [] : [object(options)])
  }
  return schema
}

function zodColumn(t: TableContext, column: ColumnModel): Expression {
  const row = rowOf(column)
  const { dimensions } = column.type
  const rules = columnRules(column)
  let schema = zodValue(t, column, rules)
  // Integers take zod's own bounds; floats and numerics got theirs from their runtime validator.
  if (row.zodBounds === 'methods' || row.zodBounds === 'bigintMethods') {
    if (rules.min !== undefined) schema = method(schema, 'min', [num(rules.min)])
    if (rules.max !== undefined) schema = method(schema, 'max', [num(rules.max)])
  }
  for (let d = 0; d < dimensions; d++) {
    schema = method(id('z'), 'array', [schema])
    if (d === dimensions - 1) {
      if (rules.minItems !== undefined) schema = method(schema, 'min', [num(rules.minItems)])
      if (rules.maxItems !== undefined) schema = method(schema, 'max', [num(rules.maxItems)])
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
