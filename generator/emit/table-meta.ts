/**
 * The metadata the runtime client of a table runs on (`booksTable = defineTable<Book>({...})`):
 * SQL names, column types, keys, decoders, relations and schemas.
 */
import type { ColumnModel, TableModel } from '../../schema/model.js'
import { pgTypeOf } from '../../schema/column-types.js'
import { enumValuesName } from './enums.js'
import { enumOf, hasDefault, rowOf } from './column-values.js'
import { columnRules, type ColumnRules } from './column-rules.js'
import { array, call, id, named, num, object, prop, str, trueValue, type Expression, type ObjectProperty, type Statement } from './syntax.js'
import type { TableContext } from './table.js'

/** Column sets that identify a row: valid upsert targets, in declaration order. */
export function uniqueKeys(table: TableModel): string[][] {
  const tsName = (sqlName: string) => table.columns.find((c) => c.name === sqlName)!.tsName
  const keys: string[][] = []
  if (table.primaryKey) keys.push(table.primaryKey.columns.map(tsName))
  for (const unique of table.uniques) keys.push(unique.columns.map(tsName))
  for (const index of table.indexes) if (index.unique && index.where === null && index.columns.every((c) => c.name !== undefined)) keys.push(index.columns.map((c) => tsName(c.name!)))
  const seen = new Set<string>()
  return keys.filter((key) => {
    const id = [...key].sort().join(',')
    return seen.has(id) ? false : (seen.add(id), true)
  })
}

const names = (keys: readonly string[]) => array(keys.map(str))

/** A column's metadata, leaving out what is the usual (same SQL name, scalar, NOT NULL, no default). */
function columnSpec(t: TableContext, c: ColumnModel): Expression {
  const parts: ObjectProperty[] = [prop('key', str(c.tsName))]
  if (c.name !== c.tsName) parts.push(prop('column', str(c.name)))
  parts.push(prop('type', str(pgTypeOf(c.type.name))))
  if (c.type.dimensions > 0) parts.push(prop('dimensions', num(c.type.dimensions)))
  if (c.nullable) parts.push(prop('nullable', trueValue))
  if (hasDefault(c)) parts.push(prop('hasDefault', trueValue))
  if (rowOf(c).tsFrom === 'enum') {
    const e = enumOf(t.model, c)
    parts.push(prop('enumName', str(e.name)), prop('enumValues', id(enumValuesName(e.tsName))))
  }
  const rules = rulesSpec(columnRules(c))
  if (rules.length > 0) parts.push(prop('rules', object(rules)))
  return object(parts)
}

/** The rules the runtime checks itself; those only zod checks (email, url, a pattern) it leaves to the column's zod schema. */
function rulesSpec(rules: ColumnRules): ObjectProperty[] {
  const parts: ObjectProperty[] = []
  for (const key of ['minLength', 'maxLength', 'min', 'max', 'wholeDigits', 'minItems', 'maxItems'] as const) {
    const value = rules[key]
    if (value !== undefined) parts.push(prop(key, num(value)))
  }
  if (rules.email || rules.url || rules.regex) parts.push(prop('zodOnly', trueValue))
  return parts
}

function relationsSpec(t: TableContext): Expression {
  const keyOf = (table: TableModel, sqlName: string) => table.columns.find((c) => c.name === sqlName)!.tsName
  return object(
    t.relations.map(({ relation, target, names: targetNames }) => {
      const parts: ObjectProperty[] = [prop('kind', str(relation.kind)), prop('target', { kind: 'arrow', body: id(targetNames.meta) })]
      if (relation.kind === 'one' && relation.nullable) parts.push(prop('nullable', trueValue))
      if (relation.through) {
        const side = (table: TableModel, pairs: readonly (readonly [string, string])[]) => array(pairs.map(([key, column]) => array([str(keyOf(table, key)), str(column)])))
        const through = [prop('table', str(relation.through.table)), prop('source', side(t.table, relation.through.source)), prop('target', side(target, relation.through.target))]
        parts.push(prop('through', object(through)))
      } else {
        parts.push(prop('on', array(relation.on.map(([from, to]) => names([keyOf(t.table, from), keyOf(target, to)])))))
      }
      return prop(relation.name, object(parts))
    }),
    true,
  )
}

export function tableMetaStatement(t: TableContext): Statement {
  const { names: n, table } = t
  const properties: ObjectProperty[] = [
    prop('name', str(table.name)),
    prop('key', str(table.tsName)),
    prop('columns', array(table.columns.map((c) => columnSpec(t, c)))),
    prop('primaryKey', names(t.primaryKey.map((c) => c.tsName))),
    prop('uniqueKeys', array(t.uniqueKeys.map(names))),
    prop('decode', id(n.decode)),
    prop('decodeJson', id(n.decodeJson)),
  ]
  if (t.relations.length > 0) properties.push(prop('relations', relationsSpec(t)))
  properties.push(prop('insertSchema', id(n.insertSchema)), prop('patchSchema', id(n.patchSchema)))
  return {
    kind: 'const',
    name: n.meta,
    docs: [`Metadata the runtime client of \`${t.quotedName}\` runs on.`],
    // Annotated: relation thunks refer to other tables (and this one), which would make the type circular.
    type: named('TableMeta', [named(n.row)]),
    init: call('defineTable', [object(properties, true)], [named(n.row)]),
  }
}
