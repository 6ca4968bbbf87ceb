/** Emits `enums.ts`: a string literal union and a value list per enum. */
import type { SchemaModel } from '../../schema/model.js'
import { camelCase, pascalCase } from '../../schema/naming.js'
import { commentSafe } from './common.js'
import { stringLiteral } from './literals.js'
import { array, as, literalType, str, union, type Statement } from './syntax.js'

export function enumValuesName(tsName: string): string {
  return camelCase(pascalCase(tsName)) + 'Values'
}

export function emitEnumStatements(model: SchemaModel): Statement[] {
  return model.enums.flatMap((e): Statement[] => [
    {
      kind: 'typeAlias',
      name: e.tsName,
      docs: [`The PostgreSQL enum \`${commentSafe(e.name)}\`.`],
      type: union(e.values.map((v) => literalType(stringLiteral(v)))),
    },
    { kind: 'const', name: enumValuesName(e.tsName), init: as(array(e.values.map(str)), null) },
  ])
}
