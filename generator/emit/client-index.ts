/** Emits `index.ts`: the typed `Db` and `createDb`, and every exported type and schema. */
import type { SchemaModel, TableModel } from '../../schema/model.js'
import type { DescribedQuery } from '../queries/describe.js'
import { queryNames } from './queries.js'
import { importsFrom } from './imports.js'
import { enumValuesName } from './enums.js'
import { tableNames } from './names.js'
import { call, id, named, object, prop, property, type Statement } from './syntax.js'

export function emitIndexStatements(model: SchemaModel, tables: readonly TableModel[], queries: readonly DescribedQuery[] = []): Statement[] {
  const statements: Statement[] = [importsFrom('dbridge/runtime', ['createDatabase'], ['Database', 'DatabaseOptions'])]
  for (const table of tables) {
    const n = tableNames(table)
    statements.push(importsFrom(`./${n.file}.js`, [n.meta], [n.client]))
  }
  const hasQueries = queries.length > 0
  if (hasQueries) statements.push(importsFrom('./queries.js', ['queries'], ['Queries']))
  statements.push(
    {
      kind: 'interface',
      name: 'Db',
      docs: [`The database: a client per table${hasQueries ? ', the statements of the SQL files (`queries`)' : ''}, plus \`sql\`, \`transaction\` and \`close\`.`],
      extends: named('Database', [named('Db')]),
      members: [
        ...tables.map((t) => property(t.tsName, named(tableNames(t).client), { readonly: true })),
        ...(hasQueries ? [property('queries', named('Queries'), { readonly: true })] : []),
      ],
    },
    {
      kind: 'function',
      name: 'createDb',
      docs: ['Creates the database object and its connection pool (connections open on first use).\n\n@example const db = createDb({ url: process.env.DATABASE_URL, max: 10 })'],
      params: [{ name: 'options', type: named('DatabaseOptions'), optional: true }],
      returnType: named('Db'),
      returns: call(
        'createDatabase',
        [id('options'), object(tables.map((t) => prop(t.tsName, id(tableNames(t).meta))), true), ...(hasQueries ? [id('queries')] : [])],
        [named('Db')],
      ),
    },
  )
  for (const table of tables) {
    const n = tableNames(table)
    statements.push(
      { kind: 'exportFrom', typeOnly: true, module: `./${n.file}.js`, names: [n.row, n.insert, n.patch, n.where, n.orderBy, n.column, n.key, n.client] },
      { kind: 'exportFrom', typeOnly: false, module: `./${n.file}.js`, names: [n.insertSchema, n.patchSchema] },
    )
  }
  if (model.enums.length > 0) {
    statements.push(
      { kind: 'exportFrom', typeOnly: true, module: './enums.js', names: model.enums.map((e) => e.tsName) },
      { kind: 'exportFrom', typeOnly: false, module: './enums.js', names: model.enums.map((e) => enumValuesName(e.tsName)) },
    )
  }
  if (hasQueries) {
    const types = queries.flatMap(({ query, description }) => {
      const names = queryNames(query.name)
      const rows = (query.kind === 'many' || query.kind === 'one') && description.columns.length > 0
      return [...(query.parameters.length > 0 ? [names.params] : []), ...(rows ? [names.row] : [])]
    })
    statements.push({ kind: 'exportFrom', typeOnly: true, module: './queries.js', names: [...types, 'Queries'] })
  }
  return statements
}
