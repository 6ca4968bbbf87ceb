/**
 * The synthetic schema as one Prisma schema (Prisma 7, `prisma-client` generator). Column
 * and table names map to the same snake_case SQL names as the other two projects.
 */
import { enums, snakeCase, type ColumnSpec, type EnumName, type TableSpec } from './synthetic.js'

const enumTypeName = (name: EnumName) => name[0]!.toUpperCase() + name.slice(1)

function fieldType(column: ColumnSpec): { type: string; attributes: string[] } {
  switch (column.kind) {
    case 'serial': return { type: 'Int', attributes: ['@default(autoincrement())'] }
    case 'bigserial': return { type: 'BigInt', attributes: ['@default(autoincrement())'] }
    case 'integer': return { type: 'Int', attributes: [] }
    case 'bigint': return { type: 'BigInt', attributes: [] }
    case 'text': return { type: 'String', attributes: [] }
    case 'varchar': return { type: 'String', attributes: ['@db.VarChar(80)'] }
    case 'numeric': return { type: 'Decimal', attributes: ['@db.Decimal(12, 2)'] }
    case 'double': return { type: 'Float', attributes: [] }
    case 'boolean': return { type: 'Boolean', attributes: [] }
    case 'timestamptz': return { type: 'DateTime', attributes: ['@db.Timestamptz(6)'] }
    case 'date': return { type: 'DateTime', attributes: ['@db.Date'] }
    case 'enum': return { type: enumTypeName(column.enumName!), attributes: [] }
    case 'textArray': return { type: 'String[]', attributes: [] }
    case 'jsonb': return { type: 'Json', attributes: [] }
  }
}

function defaultAttribute(column: ColumnSpec): string | undefined {
  if (column.default === undefined) return undefined
  if (column.default === 'now') return '@default(now())'
  if (column.default === 'emptyArray') return '@default([])'
  if (column.kind === 'enum') return `@default(${column.default})`
  return `@default(${JSON.stringify(column.default)})`
}

function scalarField(column: ColumnSpec): string {
  const { type, attributes } = fieldType(column)
  const all = [...(column.primaryKey ? ['@id'] : []), ...attributes]
  const byDefault = defaultAttribute(column)
  if (byDefault) all.push(byDefault)
  if (column.unique) all.push('@unique')
  if (snakeCase(column.name) !== column.name) all.push(`@map("${snakeCase(column.name)}")`)
  return `  ${column.name} ${type}${column.nullable ? '?' : ''} ${all.join(' ')}`.trimEnd()
}

function modelSource(spec: TableSpec, specs: TableSpec[]): string {
  const lines = [`model ${spec.modelName} {`, ...spec.columns.map(scalarField)]
  for (const column of spec.columns) {
    if (!column.references) continue
    const target = specs[column.references.table]!
    const onDelete = column.references.onDelete === 'cascade' ? 'Cascade' : 'SetNull'
    const optional = column.nullable ? '?' : ''
    lines.push(`  ${column.name.replace(/Id$/, '')} ${target.modelName}${optional} @relation(fields: [${column.name}], references: [id], onDelete: ${onDelete})`)
  }
  for (const child of spec.children) lines.push(`  ${specs[child.table]!.exportName} ${specs[child.table]!.modelName}[]`)
  for (const column of spec.columns) if (column.references || column.name === 'createdAt') lines.push(`  @@index([${column.name}])`)
  lines.push(`  @@map("${spec.sqlName}")`, '}', '')
  return lines.join('\n')
}

/** The schema text; `output` is where `prisma generate` writes the client, relative to the schema file. */
export function prismaSchema(specs: TableSpec[], output: string): string {
  return [
    'generator client {',
    '  provider = "prisma-client"',
    `  output   = "${output}"`,
    '}',
    '',
    'datasource db {',
    '  provider = "postgresql"',
    '}',
    '',
    ...Object.entries(enums).map(([name, values]) => `enum ${enumTypeName(name as EnumName)} {\n${values.map((v) => `  ${v}`).join('\n')}\n  @@map("${name}")\n}\n`),
    ...specs.map((spec) => modelSource(spec, specs)),
  ].join('\n')
}
