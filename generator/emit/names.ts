/** The names generated code gives each table's types and values. */
import type { TableModel } from '../../schema/model.js'
import { pascalCase } from '../../schema/naming.js'

export interface TableNames {
  row: string
  insert: string
  patch: string
  where: string
  orderBy: string
  column: string
  key: string
  types: string
  relations: string
  client: string
  insertSchema: string
  patchSchema: string
  decode: string
  decodeJson: string
  meta: string
  /** Module file name without extension. */
  file: string
}

const lowerFirst = (s: string) => s[0]!.toLowerCase() + s.slice(1)

export function tableNames(table: Pick<TableModel, 'typeName' | 'tsName'>): TableNames {
  const T = table.typeName
  return {
    row: T,
    insert: `New${T}`,
    patch: `${T}Patch`,
    where: `${T}Where`,
    orderBy: `${T}OrderBy`,
    column: `${T}Column`,
    key: `${T}Key`,
    types: `${T}Types`,
    relations: `${T}Relations`,
    client: `${pascalCase(table.tsName)}Client`,
    insertSchema: `new${T}Schema`,
    patchSchema: `${lowerFirst(T)}PatchSchema`,
    decode: `decode${T}`,
    decodeJson: `decode${T}Json`,
    meta: `${table.tsName}Table`,
    file: table.tsName,
  }
}

/** Every name a table's module exports (for collision checks). */
export function generatedNames(table: Pick<TableModel, 'typeName' | 'tsName'>): string[] {
  const n = tableNames(table)
  return [n.row, n.insert, n.patch, n.where, n.orderBy, n.column, n.key, n.types, n.relations, n.client, n.insertSchema, n.patchSchema, n.decode, n.decodeJson, n.meta]
}

/** The path of a table's module in the output directory. */
export function tableModulePath(table: TableModel): string {
  return `${tableNames(table).file}.ts`
}
