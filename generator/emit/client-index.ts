/** Emits `index.ts`: the typed `Db` and `createDb`, and every exported type and schema. */
import { StructureKind, type StatementStructures } from 'ts-morph'
import type { SchemaModel, TableModel } from '../../schema/model.js'
import { importsFrom } from './imports.js'
import { enumValuesName } from './enums.js'
import { tableNames } from './names.js'

export function emitIndexStatements(model: SchemaModel, tables: readonly TableModel[]): StatementStructures[] {
  const statements: StatementStructures[] = [importsFrom('dbridge/runtime', ['createDatabase'], ['Database', 'DatabaseOptions'])]
  for (const table of tables) {
    const n = tableNames(table)
    statements.push(importsFrom(`./${n.file}.js`, [n.meta], [n.client]))
  }
  statements.push(
    {
      kind: StructureKind.Interface,
      name: 'Db',
      isExported: true,
      docs: ['The database: a client per table, plus `sql`, `transaction` and `close`.'],
      extends: ['Database<Db>'],
      properties: tables.map((t) => ({ name: t.tsName, type: tableNames(t).client, isReadonly: true })),
    },
    {
      kind: StructureKind.Function,
      name: 'createDb',
      isExported: true,
      docs: [
        'Creates the database object and its connection pool (connections open on first use).\n\n' +
          '@example const db = createDb({ url: process.env.DATABASE_URL, max: 10 })',
      ],
      parameters: [{ name: 'options', type: 'DatabaseOptions', hasQuestionToken: true }],
      returnType: 'Db',
      statements: (w) => {
        w.write('return createDatabase<Db>(options, ').inlineBlock(() => {
          for (const t of tables) w.writeLine(`${t.tsName}: ${tableNames(t).meta},`)
        }).write(')')
      },
    },
  )
  for (const table of tables) {
    const n = tableNames(table)
    statements.push(
      {
        kind: StructureKind.ExportDeclaration,
        isTypeOnly: true,
        moduleSpecifier: `./${n.file}.js`,
        namedExports: [n.row, n.insert, n.patch, n.where, n.orderBy, n.column, n.key, n.client],
      },
      { kind: StructureKind.ExportDeclaration, moduleSpecifier: `./${n.file}.js`, namedExports: [n.insertSchema, n.patchSchema] },
    )
  }
  if (model.enums.length > 0) {
    statements.push(
      { kind: StructureKind.ExportDeclaration, isTypeOnly: true, moduleSpecifier: './enums.js', namedExports: model.enums.map((e) => e.tsName) },
      { kind: StructureKind.ExportDeclaration, moduleSpecifier: './enums.js', namedExports: model.enums.map((e) => enumValuesName(e.tsName)) },
    )
  }
  return statements
}
