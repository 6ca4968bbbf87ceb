/**
 * A synthetic schema of N tables with realistic columns and foreign keys, written as
 * dbridge schema files (10 tables per file), for the generator and type-check benchmarks.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface SyntheticProject {
  dir: string
  schemaFiles: string[]
}

export function tableName(i: number): string {
  return `entity${String(i).padStart(4, '0')}`
}

export function tableSource(i: number, extra = ''): string {
  const name = tableName(i)
  const refs = i === 0 ? '' : `\n    parentId: t.bigint().references(() => ${tableName(Math.floor(i / 2))}s.id, { onDelete: 'cascade' }),`
  return `export const ${name}s = table('${name}s', {
    id: t.bigserial().primaryKey(),${refs}
    name: t.text().length({ min: 1, max: 200 }),
    slug: t.varchar(80).unique(),
    status: t.enum(status).default('draft'),
    price: t.numeric(12, 2).default('0'),
    quantity: t.integer().default(0).min(0),
    tags: t.text().array().default([]),
    attributes: t.jsonb<{ color?: string; weight?: number }>().nullable(),
    publishedOn: t.date().nullable(),
    createdAt: t.timestamptz().defaultNow(),
    updatedAt: t.timestamptz().nullable(),${extra}
  }, (x) => [index(x.createdAt)${i === 0 ? '' : ', index(x.parentId)'}])
`
}

export function fileSource(file: number, tables: number, perFile: number): string {
  const first = file * perFile
  const imports = new Set<number>()
  const body: string[] = []
  for (let i = first; i < Math.min(first + perFile, tables); i++) {
    if (i > 0) {
      const parent = Math.floor(i / 2)
      const parentFile = Math.floor(parent / perFile)
      if (parentFile !== file) imports.add(parentFile)
    }
    body.push(tableSource(i))
  }
  const importLines = [...imports]
    .sort((a, b) => a - b)
    .map((f) => {
      const names = []
      for (let i = f * perFile; i < Math.min((f + 1) * perFile, tables); i++) names.push(`${tableName(i)}s`)
      return `import { ${names.join(', ')} } from './part${String(f).padStart(3, '0')}.schema'`
    })
  return [
    `import { table, t, index } from 'dbridge/schema'`,
    `import { status } from './enums.schema'`,
    ...importLines,
    '',
    ...body,
  ].join('\n')
}

/** Writes a project with `tables` tables into `dir` (replacing it); node_modules/dbridge links to `packageRoot`. */
export function writeSyntheticProject(dir: string, tables: number, packageRoot: string, perFile = 10): SyntheticProject {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(join(dir, 'schema'), { recursive: true })
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(packageRoot, join(dir, 'node_modules/dbridge'), 'dir')
  writeFileSync(join(dir, 'schema/enums.schema.ts'), `import { enumType } from 'dbridge/schema'\nexport const status = enumType('status', ['draft', 'live', 'archived'])\n`)
  const schemaFiles: string[] = []
  for (let f = 0; f * perFile < tables; f++) {
    const path = join(dir, `schema/part${String(f).padStart(3, '0')}.schema.ts`)
    writeFileSync(path, fileSource(f, tables, perFile))
    schemaFiles.push(path)
  }
  return { dir, schemaFiles }
}
