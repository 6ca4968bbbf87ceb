/**
 * `dbridge pull`: writes `.schema.ts` files for an existing database (one per table, and
 * `enums.schema.ts`), so that generating from them and diffing against the same database
 * gives no changes. Names that differ from dbridge's defaults are spelled out; relation
 * names that would collide get explicit ones.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as prettier from 'prettier'
import type { ColumnModel, ForeignKeyModel, IndexModel, SchemaModel, TableModel } from '../../schema/model.js'
import { camelCase, constraintName, indexName, snakeCase } from '../../schema/naming.js'
import { deriveRelations } from '../../schema/relations.js'
import { UserError } from '../diagnostics.js'
import { prettierOptions } from '../emit/format.js'
import { databaseMembers } from '../../runtime/members.js'

const header = '// Written by `dbridge pull` from the database; edit freely: this is your schema now.'

/** A string literal (prettier turns the quotes into single ones). */
const literal = (text: string): string => JSON.stringify(text)

/** A template literal body that reproduces `text` exactly. */
function sqlTemplate(text: string): string {
  return 'sql`' + text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`'
}

function exportName(table: TableModel): string {
  const name = camelCase(table.name)
  return databaseMembers.has(name) ? `${name}Table` : name
}

function enumVariable(name: string): string {
  return camelCase(name)
}

/** Gives explicit names to relations whose default names collide, until none do. */
function nameRelations(model: SchemaModel): SchemaModel {
  let current = model
  for (let round = 0; round < 5; round++) {
    const { problems } = deriveRelations(current)
    if (problems.length === 0) return current
    const involved = problems.flatMap((p) => p.relations)
    const tables = current.tables.map((table) => ({
      ...table,
      foreignKeys: table.foreignKeys.map((fk) => {
        const mine = involved.filter((r) => r.origin.table === table.name && same(r.origin.columns, fk.columns))
        if (mine.length === 0) return fk
        const label = fk.columns.map((c) => c.replace(/_id$/, '')).join('_')
        return {
          ...fk,
          relationName: mine.some((r) => r.origin.option === 'name') ? camelCase(`${label}_${fk.references.table}`) : fk.relationName,
          inverseName: mine.some((r) => r.origin.option === 'inverse') ? camelCase(`${table.name}_by_${label}`) : fk.inverseName,
        }
      }),
    }))
    current = { ...current, tables }
  }
  return current
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i])

function columnExpression(model: SchemaModel, table: TableModel, column: ColumnModel, uses: Set<string>): string {
  const t = column.type
  let base: string
  switch (t.name) {
    case 'numeric':
      base = t.precision === null ? 't.numeric()' : `t.numeric(${t.precision}, ${t.scale ?? 0})`
      break
    case 'varchar':
      base = t.length === null ? 't.varchar()' : `t.varchar(${t.length})`
      break
    case 'char':
      base = `t.char(${t.length ?? 1})`
      break
    case 'enum':
      base = `t.enum(${enumVariable(t.enumName!)})`
      break
    default:
      base = `t.${t.name}()`
  }
  let expression = base + '.array()'.repeat(t.dimensions)
  const tsName = camelCase(column.name)
  if (snakeCase(tsName) !== column.name) expression += `.dbName(${literal(column.name)})`
  const pk = table.primaryKey
  if (pk && pk.columns.length === 1 && pk.columns[0] === column.name && pk.name === constraintName([table.name], 'pkey')) expression += '.primaryKey()'
  if (table.uniques.some((u) => u.columns.length === 1 && u.columns[0] === column.name && u.name === constraintName([table.name, column.name], 'key'))) {
    expression += '.unique()'
  }
  if (column.nullable) expression += '.nullable()'
  if (column.default !== null) {
    const text = defaultExpression(column)
    if (text.includes('sql`')) uses.add('sql')
    expression += text
  }
  const fk = table.foreignKeys.find((f) => f.columns.length === 1 && f.columns[0] === column.name)
  if (fk) {
    const target = model.tables.find((x) => x.name === fk.references.table)!
    expression += `.references((): AnyColumn => ${exportName(target)}.${camelCase(fk.references.columns[0]!)}${referenceOptions(table, fk)})`
  }
  return expression
}

function defaultExpression(column: ColumnModel): string {
  const value = column.default!
  const t = column.type
  if (value === 'now()' || value === 'CURRENT_TIMESTAMP') return '.defaultNow()'
  if (value === 'gen_random_uuid()') return '.defaultRandom()'
  if (t.dimensions === 0 && ['smallint', 'integer', 'real', 'doublePrecision'].includes(t.name) && /^-?\d+(\.\d+)?$/.test(value)) return `.default(${value})`
  if (t.dimensions === 0 && t.name === 'numeric' && /^-?\d+(\.\d+)?$/.test(value)) return `.default('${value}')`
  if (t.dimensions === 0 && t.name === 'bigint' && /^-?\d+$/.test(value)) return `.default(${value}n)`
  if (t.dimensions === 0 && t.name === 'boolean' && (value === 'true' || value === 'false')) return `.default(${value})`
  return `.default(${sqlTemplate(value)})`
}

function referenceOptions(table: TableModel, fk: ForeignKeyModel): string {
  const options: string[] = []
  if (fk.onDelete !== 'no action') options.push(`onDelete: '${fk.onDelete}'`)
  if (fk.onUpdate !== 'no action') options.push(`onUpdate: '${fk.onUpdate}'`)
  if (fk.relationName) options.push(`name: ${literal(fk.relationName)}`)
  if (fk.inverseName) options.push(`inverse: ${literal(fk.inverseName)}`)
  if (fk.name !== constraintName([table.name, ...fk.columns], 'fkey')) options.push(`constraintName: ${literal(fk.name)}`)
  return options.length === 0 ? '' : `, { ${options.join(', ')} }`
}

function indexExpression(table: TableModel, index: IndexModel, column: (name: string) => string): string {
  const desc = index.columns.map((c) => c.desc)
  if (desc.some((d) => d !== desc[0])) {
    throw new UserError(`index "${index.name}" on "${table.name}" mixes ASC and DESC columns, which dbridge does not model yet`)
  }
  let expression = `index(${index.columns.map((c) => (c.name !== undefined ? column(c.name) : sqlTemplate(c.expression))).join(', ')})`
  if (index.unique) expression += '.unique()'
  if (desc[0]) expression += '.desc()'
  if (index.using !== 'btree') expression += `.using('${index.using}')`
  if (index.where) expression += `.where(${sqlTemplate(index.where)})`
  if (index.name !== indexName(table.name, index.columns)) expression += `.name(${literal(index.name)})`
  return expression
}

function tableSource(model: SchemaModel, table: TableModel): { source: string; uses: Set<string>; imports: Set<string> } {
  const uses = new Set(['table', 't'])
  const imports = new Set<string>()
  const name = exportName(table)
  const column = (sqlName: string) => `x.${camelCase(sqlName)}`
  const columns = table.columns.map((c) => {
    if (c.type.name === 'enum') imports.add(`enum:${c.type.enumName}`)
    return `  ${camelCase(c.name)}: ${columnExpression(model, table, c, uses)},`
  })
  const extras: string[] = []
  const pk = table.primaryKey
  if (pk && !(pk.columns.length === 1 && pk.name === constraintName([table.name], 'pkey'))) {
    uses.add('primaryKey')
    extras.push(`primaryKey(${pk.columns.map(column).join(', ')})${pk.name === constraintName([table.name], 'pkey') ? '' : `.name(${literal(pk.name)})`}`)
  }
  for (const u of table.uniques) {
    if (u.columns.length === 1 && u.name === constraintName([table.name, u.columns[0]!], 'key')) continue
    uses.add('unique')
    extras.push(`unique(${u.columns.map(column).join(', ')})${u.name === constraintName([table.name, ...u.columns], 'key') ? '' : `.name(${literal(u.name)})`}`)
  }
  for (const fk of table.foreignKeys) {
    const target = model.tables.find((x) => x.name === fk.references.table)!
    if (target.name !== table.name) imports.add(`table:${target.name}`)
    if (fk.columns.length === 1) continue
    uses.add('foreignKey')
    extras.push(
      `foreignKey([${fk.columns.map(column).join(', ')}], (): AnyColumn[] => [${fk.references.columns.map((c) => `${exportName(target)}.${camelCase(c)}`).join(', ')}]${referenceOptions(table, fk)})`,
    )
  }
  if (table.foreignKeys.length > 0) uses.add('type AnyColumn')
  for (const c of table.checks) {
    uses.add('check').add('sql')
    extras.push(`check(${literal(c.name)}, ${sqlTemplate(c.expression)})`)
  }
  for (const index of table.indexes) {
    uses.add('index')
    if (index.where || index.columns.some((c) => c.expression !== undefined)) uses.add('sql')
    extras.push(indexExpression(table, index, column))
  }
  const extrasSource = extras.length === 0 ? '' : `, (x) => [\n  ${extras.join(',\n  ')},\n]`
  const source = `export const ${name} = table(${literal(table.name)}, {\n${columns.join('\n')}\n}${extrasSource})\n`
  return { source, uses, imports }
}

/** Writes the schema files for `model` into `dir`; returns their paths. */
export async function pullSchema(source: SchemaModel, dir: string): Promise<string[]> {
  const model = nameRelations(source)
  mkdirSync(dir, { recursive: true })
  const written: string[] = []
  const write = async (file: string, text: string) => {
    const path = join(dir, file)
    writeFileSync(path, await prettier.format(text, prettierOptions))
    written.push(path)
  }
  if (model.enums.length > 0) {
    const body = model.enums.map((e) => `export const ${enumVariable(e.name)} = enumType(${literal(e.name)}, [${e.values.map(literal).join(', ')}])`)
    await write('enums.schema.ts', `${header}\nimport { enumType } from 'dbridge/schema'\n\n${body.join('\n\n')}\n`)
  }
  for (const table of model.tables) {
    const { source: body, uses, imports } = tableSource(model, table)
    const key = (name: string) => name.replace('type ', '')
    const names = [...uses].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
    const lines = [header, `import { ${names.join(', ')} } from 'dbridge/schema'`]
    const enumImports = [...imports].filter((i) => i.startsWith('enum:')).map((i) => enumVariable(i.slice(5)))
    if (enumImports.length > 0) lines.push(`import { ${enumImports.sort().join(', ')} } from './enums.schema'`)
    for (const target of [...imports].filter((i) => i.startsWith('table:')).map((i) => i.slice(6)).sort()) {
      const other = model.tables.find((x) => x.name === target)!
      lines.push(`import { ${exportName(other)} } from './${exportName(other)}.schema'`)
    }
    await write(`${exportName(table)}.schema.ts`, `${lines.join('\n')}\n\n${body}`)
  }
  return written
}
