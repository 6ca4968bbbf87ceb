/** The synthetic schema as dbridge `*.schema.ts` files (`tablesPerFile` tables per file). */
import { enums, enumsOf, fileName, fileOf, tablesPerFile, type ColumnSpec, type TableSpec } from './synthetic.js'

function columnSource(column: ColumnSpec, specs: TableSpec[]): string {
  let source: string
  switch (column.kind) {
    case 'serial': source = 't.serial()'; break
    case 'bigserial': source = 't.bigserial()'; break
    case 'integer': source = 't.integer()'; break
    case 'bigint': source = 't.bigint()'; break
    case 'text': source = 't.text()'; break
    case 'varchar': source = 't.varchar(80)'; break
    case 'numeric': source = 't.numeric(12, 2)'; break
    case 'double': source = 't.doublePrecision()'; break
    case 'boolean': source = 't.boolean()'; break
    case 'timestamptz': source = 't.timestamptz()'; break
    case 'date': source = 't.date()'; break
    case 'enum': source = `t.enum(${column.enumName})`; break
    case 'textArray': source = 't.text().array()'; break
    case 'jsonb': source = 't.jsonb<{ color?: string; weight?: number }>()'; break
  }
  if (column.primaryKey) source += '.primaryKey()'
  if (column.nullable) source += '.nullable()'
  if (column.unique) source += '.unique()'
  if (column.default === 'now') source += '.defaultNow()'
  else if (column.default === 'emptyArray') source += '.default([])'
  else if (column.default !== undefined) source += `.default(${JSON.stringify(column.default)})`
  if (column.references) {
    const target = specs[column.references.table]!.exportName
    source += `.references(() => ${target}.id, { onDelete: '${column.references.onDelete}' })`
  }
  return `  ${column.name}: ${source},`
}

export function dbridgeTableSource(spec: TableSpec, specs: TableSpec[]): string {
  const indexed = spec.columns.filter((c) => c.references || c.name === 'createdAt').map((c) => `index(x.${c.name})`)
  return [
    `export const ${spec.exportName} = table('${spec.sqlName}', {`,
    ...spec.columns.map((c) => columnSource(c, specs)),
    `}, (x) => [${indexed.join(', ')}])`,
    '',
  ].join('\n')
}

/** The text of one schema file; `extra` is spliced into its first table (the "one table changed" edit). */
export function dbridgeFileSource(file: number, specs: TableSpec[], extra = ''): string {
  const own = specs.slice(file * tablesPerFile, (file + 1) * tablesPerFile)
  const imported = new Map<number, string[]>()
  const usedEnums = new Set(own.flatMap(enumsOf))
  for (const spec of own) {
    for (const column of spec.columns) {
      const target = column.references?.table
      if (target === undefined || fileOf(target) === file) continue
      const names = imported.get(fileOf(target)) ?? []
      if (!names.includes(specs[target]!.exportName)) names.push(specs[target]!.exportName)
      imported.set(fileOf(target), names)
    }
  }
  const lines = [`import { table, t, index } from 'dbridge/schema'`]
  if (usedEnums.size > 0) lines.push(`import { ${[...usedEnums].sort().join(', ')} } from './enums.schema.js'`)
  for (const [f, names] of [...imported].sort((a, b) => a[0] - b[0])) lines.push(`import { ${names.join(', ')} } from './${fileName(f)}.schema.js'`)
  lines.push('')
  own.forEach((spec, n) => {
    const source = dbridgeTableSource(spec, specs)
    lines.push(n === 0 && extra ? source.replace('\n}, (x)', `\n${extra}\n}, (x)`) : source)
  })
  return lines.join('\n')
}

/** Relative path -> text of every schema file. */
export function dbridgeSchemaFiles(specs: TableSpec[]): Record<string, string> {
  const files: Record<string, string> = {
    'schema/enums.schema.ts': [
      `import { enumType } from 'dbridge/schema'`,
      ...Object.entries(enums).map(([name, values]) => `export const ${name} = enumType('${name}', ${JSON.stringify(values)})`),
      '',
    ].join('\n'),
  }
  for (let f = 0; f * tablesPerFile < specs.length; f++) files[`schema/${fileName(f)}.schema.ts`] = dbridgeFileSource(f, specs)
  return files
}
