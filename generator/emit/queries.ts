/**
 * Emits `queries.ts`, the typed statements of the SQL files: per statement its parameter
 * and row types, a row decoder (straight-line code, like a table's) and its spec for the
 * runtime; then the `Queries` interface and the `queries` object `createDb` is given.
 */
import type { ColumnModel, EnumModel, SchemaModel, TableModel } from '../../schema/model.js'
import { columnTypeOfPg, columnTypes, type ColumnTypeRow } from '../../schema/column-types.js'
import { pascalCase } from '../../schema/naming.js'
import type { DescribedColumn, DescribedQuery, DescribedType } from '../queries/describe.js'
import { queryFieldName } from '../queries/check.js'
import { commentSafe } from './common.js'
import { importsFrom } from './imports.js'
import { stringLiteral } from './literals.js'
import { tableNames } from './names.js'
import {
  array,
  arrayOf,
  as,
  call,
  id,
  literalType,
  named,
  nullValue,
  object,
  prop,
  property,
  str,
  union,
  type Expression,
  type Statement,
  type TypeNode,
} from './syntax.js'

export interface QueryNames {
  readonly params: string
  readonly row: string
  readonly decode: string
}

export function queryNames(name: string): QueryNames {
  const type = pascalCase(name)
  return { params: `${type}Params`, row: `${type}Row`, decode: `decode${type}Row` }
}

/** The DSL row of a described type, when dbridge has one for it. */
function dslRow(type: DescribedType): ColumnTypeRow | undefined {
  if (type.pg === null || type.pg === 'enum') return undefined
  const name = columnTypeOfPg[type.pg]
  return name ? columnTypes[name] : undefined
}

interface Context {
  readonly model: SchemaModel
  /** Row types of tables whose json columns a result takes its type from. */
  readonly rowImports: Map<string, Set<string>>
  readonly enumImports: Set<string>
  readonly helpers: Set<string>
}

function enumType(ctx: Context, type: DescribedType): TypeNode {
  const declared: EnumModel | undefined = ctx.model.enums.find((e) => e.name === type.enum!.name)
  if (declared) {
    ctx.enumImports.add(declared.tsName)
    return named(declared.tsName)
  }
  return union(type.enum!.values.map((value) => literalType(stringLiteral(value))))
}

/** The table column a result is taken from, when it is one of the schema's with a declared json type. */
function declaredJsonColumn(ctx: Context, column: DescribedColumn): { table: TableModel; column: ColumnModel } | undefined {
  if (!column.origin || (column.type.pg !== 'json' && column.type.pg !== 'jsonb')) return undefined
  const table = ctx.model.tables.find((t) => t.name === column.origin!.table)
  const source = table?.columns.find((c) => c.name === column.origin!.column)
  if (!table || !source || source.tsType === null || source.type.dimensions !== column.type.dimensions) return undefined
  return { table, column: source }
}

/** The type of one value of a result column (without null). */
function resultValueType(ctx: Context, column: DescribedColumn): TypeNode {
  const json = declaredJsonColumn(ctx, column)
  if (json) {
    const row = tableNames(json.table).row
    const file = tableNames(json.table).file
    const names = ctx.rowImports.get(file) ?? new Set()
    ctx.rowImports.set(file, names.add(row))
    return named('NonNullable', [{ kind: 'indexed', object: named(row), index: literalType(stringLiteral(json.column.tsName)) }])
  }
  return valueTypeOf(ctx, column.type)
}

function valueTypeOf(ctx: Context, type: DescribedType): TypeNode {
  const base = type.pg === 'enum' ? enumType(ctx, type) : named(dslRow(type)?.ts ?? 'string')
  return arrayOf(base, type.dimensions)
}

/** What a parameter takes: its value type, except that an int8 takes a safe-integer number too. */
function parameterValueType(ctx: Context, type: DescribedType): TypeNode {
  const base = type.pg === 'int8' ? union([named('bigint'), named('number')]) : type.pg === 'enum' ? enumType(ctx, type) : named(dslRow(type)?.ts ?? 'string')
  return arrayOf(base, type.dimensions)
}

function cell(index: number): Expression {
  return { kind: 'element', object: id('r'), index }
}

/** Reads result column `index` of a row of text values with the runtime decoder of its type. */
function decodeExpression(ctx: Context, column: DescribedColumn, index: number): Expression {
  const text = cell(index)
  const asText = as(text, named('string'))
  const row = dslRow(column.type)
  const valueType = resultValueType(ctx, column)
  let expression: Expression
  if (column.type.dimensions > 0) {
    const decoder = row?.decoder ?? 'decodeText'
    ctx.helpers.add('decodeArray').add(decoder)
    expression = as(call('decodeArray', [asText, id(decoder)]), valueType)
  } else if (row?.decoder) {
    ctx.helpers.add(row.decoder)
    expression = call(row.decoder, [asText])
    if (row.tsFrom !== undefined) expression = as(expression, valueType)
  } else {
    return as(text, column.notNull ? valueType : union([valueType, named('null')]))
  }
  if (column.notNull) return expression
  return { kind: 'conditional', test: { kind: 'binary', left: text, operator: '===', right: nullValue }, consequent: nullValue, alternate: expression }
}

function resultFieldType(ctx: Context, column: DescribedColumn): TypeNode {
  const value = resultValueType(ctx, column)
  return column.notNull ? value : union([value, named('null')])
}

function location(described: DescribedQuery): string {
  return `${commentSafe(described.query.file)}:${described.query.line}`
}

function statementsOf(ctx: Context, described: DescribedQuery, casing: 'snake_case' | 'preserve'): Statement[] {
  const { query, description } = described
  const names = queryNames(query.name)
  const statements: Statement[] = []
  const returnsRows = (query.kind === 'many' || query.kind === 'one') && description.columns.length > 0
  if (query.parameters.length > 0) {
    statements.push({
      kind: 'interface',
      name: names.params,
      docs: [`The parameters of \`${query.name}\` (${location(described)}).`],
      members: query.parameters.map((parameter, i) => {
        const value = parameterValueType(ctx, description.parameters[i]!)
        return property(parameter.name, parameter.optional ? union([value, named('null')]) : value, { readonly: true, optional: parameter.optional })
      }),
    })
  }
  if (returnsRows) {
    statements.push(
      {
        kind: 'interface',
        name: names.row,
        docs: [`A row of \`${query.name}\` (${location(described)}).`],
        members: description.columns.map((column) => property(queryFieldName(column.name, casing), resultFieldType(ctx, column))),
      },
      {
        kind: 'function',
        name: names.decode,
        docs: ['Builds a row from the text of every result column, in order.'],
        params: [{ name: 'r', type: named('RawRow') }],
        returnType: named(names.row),
        returns: object(
          description.columns.map((column, i) => prop(queryFieldName(column.name, casing), decodeExpression(ctx, column, i))),
          true,
        ),
      },
    )
  }
  const parameterSpecs = query.parameters.map((parameter, i) => {
    const type = description.parameters[i]!
    return object([
      prop('name', str(parameter.name)),
      prop('type', str(type.pg ?? 'text')),
      ...(type.dimensions > 0 ? [prop('dimensions', { kind: 'number', raw: String(type.dimensions) } as Expression)] : []),
      ...(parameter.optional ? [prop('optional', { kind: 'keywordValue', name: 'true' } as Expression)] : []),
      ...(type.enum ? [prop('enumValues', array(type.enum.values.map(str)))] : []),
    ])
  })
  statements.push({
    kind: 'const',
    name: query.name,
    // Annotated, so that declarations (`emit: 'js'`) read the type without inferring it.
    type: named('SqlQuery', returnsRows ? [named(names.row)] : []),
    init: call(
      'defineSqlQuery',
      [
        str(query.name),
        object(
          [
            prop('file', str(query.file)),
            prop('kind', str(query.kind)),
            prop('text', str(query.text)),
            prop('parameters', array(parameterSpecs)),
            ...(returnsRows ? [prop('decode', id(names.decode))] : []),
          ],
          true,
        ),
      ],
    ),
  })
  return statements
}

/** What a call of the statement resolves to. */
function resultType(described: DescribedQuery): TypeNode {
  const { query, description } = described
  const row = description.columns.length > 0 ? named(queryNames(query.name).row) : named('Record', [named('string'), named('never')])
  switch (query.kind) {
    case 'many':
      return arrayOf(row)
    case 'one':
      return union([row, named('null')])
    case 'execrows':
      return named('number')
    case 'exec':
      return named('void')
  }
}

export function emitQueryStatements(model: SchemaModel, queries: readonly DescribedQuery[], casing: 'snake_case' | 'preserve'): Statement[] {
  const ctx: Context = { model, rowImports: new Map(), enumImports: new Set(), helpers: new Set() }
  const body = queries.flatMap((described) => statementsOf(ctx, described, casing))
  const members = queries.map((described) => {
    const { query } = described
    const params = query.parameters.length > 0 ? named(queryNames(query.name).params) : named('undefined')
    return property(query.name, named('SqlQueryCall', [params, resultType(described)]), { readonly: true })
  })
  const anyRows = queries.some((d) => (d.query.kind === 'many' || d.query.kind === 'one') && d.description.columns.length > 0)
  const imports: Statement[] = [
    importsFrom('dbridge/runtime', ['defineSqlQuery', ...ctx.helpers].sort(), [...(anyRows ? ['RawRow'] : []), 'SqlQuery', 'SqlQueryCall']),
  ]
  if (ctx.enumImports.size > 0) imports.push(importsFrom('./enums.js', [], [...ctx.enumImports].sort()))
  for (const [file, rows] of [...ctx.rowImports].sort(([a], [b]) => (a < b ? -1 : 1))) imports.push(importsFrom(`./${file}.js`, [], [...rows].sort()))
  return [
    ...imports,
    ...body,
    {
      kind: 'interface',
      name: 'Queries',
      docs: ['The statements of the SQL files: `db.queries.<name>(params)`.'],
      members,
    },
    {
      kind: 'const',
      name: 'queries',
      docs: ['What `createDb` runs them with.'],
      type: named('Readonly', [named('Record', [named('string'), named('SqlQuery')])]),
      init: object(queries.map((d) => prop(d.query.name, id(d.query.name))), true),
    },
  ]
}
