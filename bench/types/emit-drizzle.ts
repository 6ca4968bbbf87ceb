/**
 * The synthetic schema as Drizzle `pgTable` files, laid out like the dbridge project
 * (`tablesPerFile` tables per file), each table with its `relations()` so the relational
 * query API (`db.query.x.findMany({ with })`) works, plus the `db` module.
 */
import { enums, enumsOf, fileName, fileOf, snakeCase, tablesPerFile, type ColumnSpec, type TableSpec } from './synthetic.js'

function columnSource(column: ColumnSpec, specs: TableSpec[]): string {
  const sqlName = `'${snakeCase(column.name)}'`
  let source: string
  switch (column.kind) {
    case 'serial': source = `serial(${sqlName})`; break
    case 'bigserial': source = `bigserial(${sqlName}, { mode: 'bigint' })`; break
    case 'integer': source = `integer(${sqlName})`; break
    case 'bigint': source = `bigint(${sqlName}, { mode: 'bigint' })`; break
    case 'text': source = `text(${sqlName})`; break
    case 'varchar': source = `varchar(${sqlName}, { length: 80 })`; break
    case 'numeric': source = `numeric(${sqlName}, { precision: 12, scale: 2 })`; break
    case 'double': source = `doublePrecision(${sqlName})`; break
    case 'boolean': source = `boolean(${sqlName})`; break
    case 'timestamptz': source = `timestamp(${sqlName}, { withTimezone: true })`; break
    case 'date': source = `date(${sqlName})`; break
    case 'enum': source = `${column.enumName}Enum(${sqlName})`; break
    case 'textArray': source = `text(${sqlName}).array()`; break
    case 'jsonb': source = `jsonb(${sqlName}).$type<{ color?: string; weight?: number }>()`; break
  }
  if (column.primaryKey) source += '.primaryKey()'
  else if (!column.nullable) source += '.notNull()'
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

function relationsSource(spec: TableSpec, specs: TableSpec[]): string {
  const entries: string[] = []
  for (const column of spec.columns) {
    if (!column.references) continue
    const target = specs[column.references.table]!.exportName
    const name = column.name.replace(/Id$/, '')
    entries.push(`  ${name}: one(${target}, { fields: [${spec.exportName}.${column.name}], references: [${target}.id] }),`)
  }
  for (const child of spec.children) entries.push(`  ${specs[child.table]!.exportName}: many(${specs[child.table]!.exportName}),`)
  const helpers = [entries.some((e) => e.includes('one(')) && 'one', entries.some((e) => e.includes('many(')) && 'many'].filter(Boolean)
  if (entries.length === 0) return ''
  return [`export const ${spec.exportName}Relations = relations(${spec.exportName}, ({ ${helpers.join(', ')} }) => ({`, ...entries, '}))', ''].join('\n')
}

function tableSource(spec: TableSpec, specs: TableSpec[]): string {
  const indexed = spec.columns.filter((c) => c.references || c.name === 'createdAt')
  const indexes = indexed.map((c) => `index('${spec.sqlName}_${snakeCase(c.name)}_idx').on(x.${c.name})`)
  return [
    `export const ${spec.exportName} = pgTable('${spec.sqlName}', {`,
    ...spec.columns.map((c) => columnSource(c, specs)),
    `}, (x) => [${indexes.join(', ')}])`,
    '',
    relationsSource(spec, specs),
  ].join('\n')
}

const columnFunctions: Record<ColumnSpec['kind'], string | undefined> = {
  serial: 'serial', bigserial: 'bigserial', integer: 'integer', bigint: 'bigint', text: 'text', varchar: 'varchar',
  numeric: 'numeric', double: 'doublePrecision', boolean: 'boolean', timestamptz: 'timestamp', date: 'date',
  enum: undefined, textArray: 'text', jsonb: 'jsonb',
}

function fileSource(file: number, specs: TableSpec[]): string {
  const own = specs.slice(file * tablesPerFile, (file + 1) * tablesPerFile)
  // Relations point both ways, so files import tables of earlier and later files alike.
  const imported = new Map<number, Set<string>>()
  const use = (target: number) => {
    if (fileOf(target) === file) return
    const names = imported.get(fileOf(target)) ?? new Set<string>()
    names.add(specs[target]!.exportName)
    imported.set(fileOf(target), names)
  }
  for (const spec of own) {
    for (const column of spec.columns) if (column.references) use(column.references.table)
    for (const child of spec.children) use(child.table)
  }
  const functions = new Set(['pgTable', 'index', ...own.flatMap((s) => s.columns.flatMap((c) => columnFunctions[c.kind] ?? []))])
  const usedEnums = [...new Set(own.flatMap(enumsOf))].sort()
  const lines = [
    `import { relations } from 'drizzle-orm'`,
    `import { ${[...functions].sort().join(', ')} } from 'drizzle-orm/pg-core'`,
  ]
  if (usedEnums.length > 0) lines.push(`import { ${usedEnums.map((e) => `${e}Enum`).join(', ')} } from './enums.js'`)
  for (const [f, names] of [...imported].sort((a, b) => a[0] - b[0])) lines.push(`import { ${[...names].join(', ')} } from './${fileName(f)}.js'`)
  lines.push('')
  for (const spec of own) lines.push(tableSource(spec, specs))
  return lines.join('\n')
}

/** Relative path -> text of every file of the Drizzle project's schema and db module. */
export function drizzleFiles(specs: TableSpec[]): Record<string, string> {
  const files: Record<string, string> = {
    'schema/enums.ts': [
      `import { pgEnum } from 'drizzle-orm/pg-core'`,
      ...Object.entries(enums).map(([name, values]) => `export const ${name}Enum = pgEnum('${name}', ${JSON.stringify(values)})`),
      '',
    ].join('\n'),
  }
  const parts: string[] = []
  for (let f = 0; f * tablesPerFile < specs.length; f++) {
    files[`schema/${fileName(f)}.ts`] = fileSource(f, specs)
    parts.push(fileName(f))
  }
  files['schema/index.ts'] = [`export * from './enums.js'`, ...parts.map((p) => `export * from './${p}.js'`), ''].join('\n')
  files['db.ts'] = [
    `import { drizzle } from 'drizzle-orm/postgres-js'`,
    `import postgres from 'postgres'`,
    `import * as schema from './schema/index.js'`,
    '',
    `export const db = drizzle(postgres(process.env.DATABASE_URL ?? ''), { schema })`,
    '',
  ].join('\n')
  return files
}
