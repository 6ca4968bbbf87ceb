/** Emits `index.ts`: the typed `Db` and `createDb`, and every exported type and schema. */
import type { SchemaModel, TableModel } from '../../schema/model.js'
import { importsFrom } from './imports.js'
import { enumValuesName } from './enums.js'
import { tableNames } from './names.js'
import { call, id, named, object, prop, property, type Statement } from './syntax.js'

export function emitIndexStatements(model: SchemaModel, tables: readonly TableModel[]): Statement[] {
  const statements: Statement[] = [importsFrom('dbridge/runtime', ['createDatabase'], ['Database', 'DatabaseOptions'])]
  for (const table of tables) {
    const n = tableNames(table)
    statements.push(importsFrom(`./${n.file}.js`, [n.meta], [n.client]))
  }
  statements.push(
    {
      kind: 'interface',
      name: 'Db',
      docs: ['The database: a client per table, plus `sql`, `transaction` and `close`.'],
      extends: named('Database', [named('Db')]),
      members: tables.map((t) => property(t.tsName, named(tableNames(t).client), { readonly: true })),
    },
    {
      kind: 'function',
      name: 'createDb',
      docs: ['Creates the database object and its connection pool (connections open on first use).\n\n@example const db = createDb({ url: process.env.DATABASE_URL, max: 10 })'],
      params: [{ name: 'options', type: named('DatabaseOptions'), optional: true }],
      returnType: named('Db'),
      returns: call('createDatabase', [id('options'), object(tables.map((t) => prop(t.tsName, id(tableNames(t).meta))), true)], [named('Db')]),
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
  return statements
}
