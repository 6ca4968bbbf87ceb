/** Import declarations of generated modules. */
import { StructureKind, type ImportDeclarationStructure } from 'ts-morph'

export function importsFrom(module: string, values: readonly string[], types: readonly string[]): ImportDeclarationStructure {
  return {
    kind: StructureKind.ImportDeclaration,
    moduleSpecifier: module,
    isTypeOnly: values.length === 0,
    namedImports: [
      ...values.map((name) => ({ name })),
      ...types.map((name) => (values.length === 0 ? { name } : { name, isTypeOnly: true })),
    ],
  }
}
