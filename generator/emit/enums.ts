/** Emits `enums.ts`: a string literal union and a value list per enum. */
import { StructureKind, VariableDeclarationKind, type StatementStructures } from 'ts-morph'
import type { SchemaModel } from '../../schema/model.js'
import { camelCase, pascalCase } from '../../schema/naming.js'
import { commentSafe, quote } from './common.js'

export function enumValuesName(tsName: string): string {
  return camelCase(pascalCase(tsName)) + 'Values'
}

export function emitEnumStatements(model: SchemaModel): StatementStructures[] {
  return model.enums.flatMap((e): StatementStructures[] => [
    {
      kind: StructureKind.TypeAlias,
      name: e.tsName,
      isExported: true,
      docs: [`The PostgreSQL enum \`${commentSafe(e.name)}\`.`],
      type: e.values.map((v) => quote(v)).join(' | '),
    },
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: enumValuesName(e.tsName), initializer: `[${e.values.map((v) => quote(v)).join(', ')}] as const` }],
    },
  ])
}
