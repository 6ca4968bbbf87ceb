/**
 * The types of a table's module: the row, insert, patch and filter types, the order and
 * column types, the key, the relations, the bundle the runtime client is typed by
 * (`BookTypes`) and the client interface.
 */
import { aggregateTsTypes, hasMinMax, isSortable } from '../../schema/column-types.js'
import { fieldType, hasDefault, patchType, valueType, whereType } from './column-values.js'
import { literalType, named, objectType, property, readonlyOf, tuple, union, type Statement, type TypeNode } from './syntax.js'
import type { TableContext } from './table.js'

function columnUnion(names: readonly string[]): TypeNode {
  return names.length === 0 ? named('never') : union(names.map((name) => literalType(`'${name}'`)))
}

function permutations(items: readonly string[]): string[][] {
  if (items.length <= 1) return [[...items]]
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]))
}

/** The primary key: one column's value, an object of the columns' values, or never. */
function keyType(t: TableContext): TypeNode {
  const pk = t.primaryKey
  if (pk.length === 0) return named('never')
  if (pk.length === 1) return valueType(t.model, pk[0]!)
  return objectType(pk.map((c) => property(c.tsName, valueType(t.model, c))))
}

/** The column lists an upsert can target; any order of a key's columns (every order spelled out up to 3 columns). */
function conflictType(t: TableContext): TypeNode {
  const orders = t.uniqueKeys.flatMap((key) => (key.length <= 3 ? permutations(key) : [key]))
  if (orders.length === 0) return named('never')
  return union(orders.map((key) => readonlyOf(tuple(key.map((k) => literalType(`'${k}'`))))))
}

/** `{ price: { sum: string; avg: string } }`: the types PostgreSQL gives sums and averages of each number column in. */
function sumsType(t: TableContext): TypeNode {
  return objectType(
    t.table.columns.flatMap((c) => {
      const types = aggregateTsTypes(c.type)
      return types ? [property(c.tsName, objectType([property('sum', named(types.sum)), property('avg', named(types.avg))]))] : []
    }),
  )
}

function orderByType(t: TableContext): TypeNode {
  const unsortable = t.table.columns.filter((c) => !isSortable(c.type)).map((c) => c.tsName)
  const column = named(t.names.column)
  const sortable = unsortable.length === 0 ? column : named('Exclude', [column, columnUnion(unsortable)])
  return named('Partial', [named('Record', [sortable, named('SortDirection')])])
}

export function tableTypeStatements(t: TableContext): Statement[] {
  const { model, table, names, relations } = t
  const columns = table.columns
  const quoted = t.quotedName
  const where = named(names.where)
  return [
    {
      kind: 'interface',
      name: names.row,
      docs: [`A row of the \`${quoted}\` table.`],
      members: columns.map((c) => property(c.tsName, fieldType(model, c))),
    },
    {
      kind: 'interface',
      name: names.insert,
      docs: [`A row to insert into \`${quoted}\`; columns with a default and nullable columns may be left out.`],
      members: columns.map((c) => property(c.tsName, fieldType(model, c), { optional: c.nullable || hasDefault(c) })),
    },
    {
      kind: 'interface',
      name: names.patch,
      docs: [
        'Changes for `update({ set })`: a value, or for numbers `{ increment }` / `{ decrement }`, for jsonb `{ merge }` /',
        '`{ path, value }`, for arrays `{ append }` / `{ remove }`.',
      ],
      members: columns.map((c) => property(c.tsName, patchType(model, c), { optional: true })),
    },
    {
      kind: 'interface',
      name: names.where,
      docs: ['Filters for `where`: a value (equality), null (IS NULL) or an operator object per column.'],
      members: [
        ...columns.map((c) => property(c.tsName, whereType(model, c), { optional: true })),
        ...relations.map(({ relation, names: target }) =>
          property(relation.name, named(relation.kind === 'one' ? 'OneFilter' : 'ManyFilter', [named(target.where)]), { optional: true }),
        ),
        property('AND', union([where, readonlyOf({ kind: 'array', element: where })]), { optional: true }),
        property('OR', readonlyOf({ kind: 'array', element: where }), { optional: true }),
        property('NOT', union([where, readonlyOf({ kind: 'array', element: where })]), { optional: true }),
      ],
    },
    { kind: 'typeAlias', name: names.orderBy, type: orderByType(t) },
    { kind: 'typeAlias', name: names.column, type: columnUnion(columns.map((c) => c.tsName)) },
    {
      kind: 'typeAlias',
      name: names.key,
      docs: [t.primaryKey.length === 0 ? `\`${quoted}\` has no primary key.` : `The primary key of \`${quoted}\`.`],
      type: keyType(t),
    },
    {
      kind: 'interface',
      name: names.relations,
      docs: [relations.length === 0 ? `\`${quoted}\` has no relations.` : `Relations of \`${quoted}\`, for \`with\`, \`load\` and relation filters.`],
      members: relations.map(({ relation, names: target }) =>
        property(
          relation.name,
          relation.kind === 'one'
            ? named('OneRelation', [named(target.types), literalType(String(relation.nullable))])
            : named(relation.kind === 'many' ? 'ManyRelation' : 'ManyToManyRelation', [named(target.types)]),
        ),
      ),
    },
    {
      kind: 'interface',
      name: names.types,
      members: [
        property('row', named(names.row)),
        property('insert', named(names.insert)),
        property('patch', named(names.patch)),
        property('where', named(names.where)),
        property('orderBy', named(names.orderBy)),
        property('column', named(names.column)),
        property('key', named(names.key)),
        property('conflict', conflictType(t)),
        property('relations', named(names.relations)),
        property('sums', sumsType(t)),
        property('ranged', columnUnion(columns.filter((c) => hasMinMax(c.type)).map((c) => c.tsName))),
      ],
    },
    {
      kind: 'interface',
      name: names.client,
      docs: [`The client of \`${quoted}\` (\`db.${table.tsName}\`).`],
      extends: named('TableClient', [named(names.types)]),
      members: [],
    },
  ]
}
