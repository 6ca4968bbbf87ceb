/**
 * Validate: checks the whole schema model and reports every problem at once, each naming
 * the file, table and column, and what to do.
 */
import type { ColumnModel, SchemaModel, TableModel } from '../../schema/model.js'
import { byteLength, maxIdentifierBytes } from '../../schema/naming.js'
import type { Diagnostic } from '../diagnostics.js'
import { JsonTypeError, parseJsonType } from '../emit/json-type.js'
import { generatedNames } from '../emit/names.js'
import { deriveRelations } from '../../schema/relations.js'
import { databaseMembers } from '../../runtime/members.js'
import { isSerialType, serialStorage } from '../../schema/column-types.js'

const sqlIdentifier = /^[A-Za-z_][A-Za-z0-9_$]*$/
const tsIdentifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** Column names that mean something else in a `where` object or on every object. */
const reservedColumnKeys = new Set(['AND', 'OR', 'NOT', '__proto__', 'constructor', 'prototype'])

/** Names the generated modules use for their own purposes. */
const generatorNames = new Set(['Db', 'createDb', 'z', 'Date', 'Uint8Array', 'Record', 'Pick', 'Partial', 'Array', 'Promise', 'RawRow', 'Query', 'Database'])

export function validate(model: SchemaModel): Diagnostic[] {
  const diagnostics: Diagnostic[] = []
  const tables = new Map(model.tables.map((t) => [t.name, t]))

  const checkSqlName = (name: string, what: string, at: Omit<Diagnostic, 'message'>) => {
    if (name.includes('\0')) {
      diagnostics.push({ ...at, message: `${what} contains a NUL character` })
    } else if (!sqlIdentifier.test(name)) {
      diagnostics.push({
        ...at,
        message: `${what} ${JSON.stringify(name)} is not a plain SQL identifier`,
        hint: 'use ASCII letters, digits and underscores, starting with a letter or underscore',
      })
    } else if (byteLength(name) > maxIdentifierBytes) {
      diagnostics.push({
        ...at,
        message: `${what} "${name}" is ${byteLength(name)} bytes; PostgreSQL cuts identifiers at ${maxIdentifierBytes}`,
        hint: `choose a name of at most ${maxIdentifierBytes} bytes`,
      })
    }
  }

  // Enums
  for (const e of model.enums) {
    const at = { file: e.source?.file ?? null, table: e.source?.exportName }
    checkSqlName(e.name, 'enum type name', at)
    if (e.values.length === 0) diagnostics.push({ ...at, message: `enum "${e.name}" has no values` })
    const seen = new Set<string>()
    for (const value of e.values) {
      if (typeof value !== 'string' || value === '') diagnostics.push({ ...at, message: `enum "${e.name}" has an empty value` })
      else if (value.includes('\0')) diagnostics.push({ ...at, message: `enum "${e.name}" has a value with a NUL character` })
      else if (byteLength(value) > maxIdentifierBytes) diagnostics.push({ ...at, message: `enum "${e.name}" value ${JSON.stringify(value)} is longer than ${maxIdentifierBytes} bytes` })
      if (seen.has(value)) diagnostics.push({ ...at, message: `enum "${e.name}" lists ${JSON.stringify(value)} twice` })
      seen.add(value)
    }
  }

  // Names: tables by SQL name and by export name; relation-namespace names across the schema.
  const bySqlName = new Map<string, TableModel>()
  const byExportName = new Map<string, TableModel>()
  const relationNames = new Map<string, string>() // index/constraint name -> owner
  for (const e of model.enums) relationNames.set(e.name, `enum "${e.name}"`)
  const typeNames = new Map<string, string>()
  for (const e of model.enums) typeNames.set(e.tsName, `enum "${e.name}"`)

  for (const table of model.tables) {
    const file = table.source?.file ?? null
    const at = { file, table: table.tsName }
    checkSqlName(table.name, 'table name', at)
    const sameName = bySqlName.get(table.name)
    if (sameName) {
      diagnostics.push({
        ...at,
        message: `table "${table.name}" is declared twice (also as ${sameName.tsName} in ${sameName.source?.file})`,
        hint: 'give each table a distinct SQL name',
      })
    }
    bySqlName.set(table.name, table)
    const sameExport = byExportName.get(table.tsName)
    if (sameExport && sameExport !== table) {
      diagnostics.push({
        ...at,
        message: `two tables are exported as '${table.tsName}' (the other is in ${sameExport.source?.file})`,
        hint: 'rename one export; export names become the client property names',
      })
    }
    byExportName.set(table.tsName, table)
    if (!tsIdentifier.test(table.tsName) || databaseMembers.has(table.tsName)) {
      diagnostics.push({
        ...at,
        message: `the export name '${table.tsName}' cannot be a property of the database object (it is used by db.${table.tsName})`,
        hint: 'rename the export',
      })
    }
    if (!tsIdentifier.test(table.typeName)) {
      diagnostics.push({ ...at, message: `type name ${JSON.stringify(table.typeName)} is not a TypeScript identifier`, hint: "set { typeName: 'Name' } in table()'s options" })
    }
    for (const generated of generatedNames(table)) {
      const owner = typeNames.get(generated)
      if (owner || generatorNames.has(generated)) {
        diagnostics.push({
          ...at,
          message: `the generated name ${generated} collides with ${owner ?? 'a name the generated client uses itself'}`,
          hint: "set { typeName: '...' } in table()'s options to choose other names",
        })
      }
      typeNames.set(generated, `table ${table.tsName}`)
    }

    if (table.columns.length === 0) {
      diagnostics.push({ ...at, message: 'has no columns', hint: 'declare at least one column' })
    }

    const columnNames = new Map<string, ColumnModel>()
    for (const column of table.columns) {
      const cat = { ...at, column: column.tsName }
      checkSqlName(column.name, 'column name', cat)
      if (columnNames.has(column.name)) {
        diagnostics.push({
          ...cat,
          message: `SQL column name "${column.name}" is used twice (by ${columnNames.get(column.name)!.tsName} and ${column.tsName})`,
          hint: 'rename one of them or give it .dbName(...)',
        })
      }
      columnNames.set(column.name, column)
      if (!tsIdentifier.test(column.tsName) || reservedColumnKeys.has(column.tsName)) {
        diagnostics.push({
          ...cat,
          message: `property name ${JSON.stringify(column.tsName)} cannot be a column name in TypeScript`,
          hint: reservedColumnKeys.has(column.tsName)
            ? `'${column.tsName}' is reserved (filters and objects use it); rename the property and keep the SQL name with .dbName('${column.tsName}')`
            : 'use letters, digits, _ and $; keep another SQL name with .dbName(...)',
        })
      }
      diagnostics.push(...checkType(column, cat))
      if (column.tsType !== null) {
        try {
          parseJsonType(column.tsType)
        } catch (error) {
          if (!(error instanceof JsonTypeError)) throw error
          diagnostics.push({
            ...cat,
            message: `the json type uses ${error.message}, which the generated client does not spell out`,
            hint: 'declare the type in the schema file (export type Name = ...) and write t.jsonb<Name>()',
          })
        }
      }
    }

    const columnExists = (name: string, what: string) => {
      if (!columnNames.has(name)) diagnostics.push({ ...at, message: `${what} names column "${name}", which the table does not have` })
    }
    const claim = (name: string, what: string) => {
      checkSqlName(name, `${what} name`, at)
      const owner = relationNames.get(name)
      if (owner) {
        diagnostics.push({ ...at, message: `${what} name "${name}" is already used by ${owner}`, hint: `name it with .name('...')` })
      }
      relationNames.set(name, `${what} of ${table.tsName}`)
    }
    if (table.primaryKey) {
      claim(table.primaryKey.name, 'primary key')
      for (const name of table.primaryKey.columns) {
        columnExists(name, 'the primary key')
        const column = columnNames.get(name)
        if (column?.nullable) diagnostics.push({ ...at, column: column.tsName, message: 'is part of the primary key, so it cannot be nullable', hint: 'remove .nullable()' })
      }
    }
    for (const unique of table.uniques) {
      claim(unique.name, 'unique constraint')
      unique.columns.forEach((c) => columnExists(c, `unique constraint ${unique.name}`))
    }
    for (const index of table.indexes) {
      claim(index.name, 'index')
      index.columns.forEach((c) => c.name !== undefined && columnExists(c.name, `index ${index.name}`))
    }
    const perTable = new Set<string>()
    for (const check of table.checks) {
      checkSqlName(check.name, 'check constraint name', at)
      if (perTable.has(check.name)) diagnostics.push({ ...at, message: `check constraint "${check.name}" is declared twice` })
      perTable.add(check.name)
    }
    for (const fk of table.foreignKeys) {
      const column = table.columns.find((c) => c.name === fk.columns[0])
      const fat = { ...at, column: column?.tsName }
      checkSqlName(fk.name, 'foreign key name', fat)
      if (perTable.has(fk.name)) diagnostics.push({ ...fat, message: `constraint name "${fk.name}" is used twice` })
      perTable.add(fk.name)
      const target = tables.get(fk.references.table)
      if (!target) {
        diagnostics.push({ ...fat, message: `references table "${fk.references.table}", which is not in the schema` })
        continue
      }
      const targetColumns = fk.references.columns.map((name) => target.columns.find((c) => c.name === name))
      const missing = fk.references.columns.filter((_, i) => !targetColumns[i])
      if (missing.length > 0) {
        diagnostics.push({ ...fat, message: `references ${target.tsName}.${missing.join(', ')}, which does not exist` })
        continue
      }
      const keys = [...(target.primaryKey ? [target.primaryKey.columns] : []), ...target.uniques.map((u) => u.columns), ...target.indexes.filter((i) => i.unique && !i.where && i.columns.every((c) => c.name !== undefined)).map((i) => i.columns.map((c) => c.name!))]
      const set = new Set(fk.references.columns)
      if (!keys.some((key) => key.length === set.size && key.every((k) => set.has(k)))) {
        diagnostics.push({
          ...fat,
          message: `references ${target.tsName}.${targetColumns.map((c) => c!.tsName).join(', ')}, which is not a primary key or unique`,
          hint: `mark ${target.tsName}.${targetColumns[0]!.tsName} .unique() or reference its primary key`,
        })
      }
      fk.columns.forEach((name, i) => {
        const from = table.columns.find((c) => c.name === name)
        const to = targetColumns[i]!
        if (from && comparableType(from) !== comparableType(to)) {
          diagnostics.push({
            ...fat,
            message: `is ${describeType(from)} but references ${target.tsName}.${to.tsName}, which is ${describeType(to)}`,
            hint: `declare ${table.tsName}.${from.tsName} as ${describeType(to).replace(/^an? /, '')}`,
          })
        }
      })
    }
  }

  for (const link of model.manyToMany) {
    const through = tables.get(link.through)
    if (!through || link.implicit) continue
    for (const side of [link.left, link.right]) {
      if (!through.foreignKeys.some((fk) => fk.references.table === side)) {
        diagnostics.push({
          file: through.source?.file ?? null,
          table: through.tsName,
          message: `is the join table of manyToMany(${link.left}, ${link.right}) but has no foreign key to "${side}"`,
          hint: `add a column that references ${side}'s primary key`,
        })
      }
    }
  }
  if (diagnostics.length === 0) {
    for (const problem of deriveRelations(model).problems) {
      diagnostics.push({ file: problem.table.source?.file ?? null, table: problem.table.tsName, message: problem.message, hint: problem.hint })
    }
  }
  return diagnostics
}

function checkType(column: ColumnModel, at: Omit<Diagnostic, 'message'>): Diagnostic[] {
  const t = column.type
  const found: Diagnostic[] = []
  if ((t.name === 'varchar' || t.name === 'char') && t.length !== null && !(Number.isInteger(t.length) && t.length > 0 && t.length <= 10485760)) {
    found.push({ ...at, message: `${t.name}(${t.length}) needs a length from 1 to 10485760` })
  }
  if (t.name === 'numeric' && t.precision !== null) {
    if (!(Number.isInteger(t.precision) && t.precision >= 1 && t.precision <= 1000)) found.push({ ...at, message: `numeric precision must be from 1 to 1000, got ${t.precision}` })
    if (t.scale !== null && !(Number.isInteger(t.scale) && t.scale >= 0 && t.scale <= t.precision)) found.push({ ...at, message: `numeric scale must be from 0 to the precision (${t.precision}), got ${t.scale}` })
  }
  if (t.name === 'numeric' && t.precision === null && t.scale !== null) found.push({ ...at, message: 'numeric scale needs a precision: t.numeric(precision, scale)' })
  if (isSerialType(t.name) && (t.dimensions > 0 || column.nullable)) {
    found.push({ ...at, message: `a ${t.name} column cannot be ${t.dimensions > 0 ? 'an array' : 'nullable'}`, hint: 'use t.integer() / t.bigint() instead' })
  }
  if (t.dimensions > 6) found.push({ ...at, message: 'PostgreSQL arrays have at most 6 dimensions' })
  return found
}

function comparableType(column: ColumnModel): string {
  const t = serialStorage(column.type)
  let base: string = t.name
  if (base === 'varchar' || base === 'citext') base = 'text'
  if (base === 'enum') base = `enum ${t.enumName}`
  return base + '[]'.repeat(t.dimensions)
}

function describeType(column: ColumnModel): string {
  const name = comparableType(column)
  return (/^[aeiou]/.test(name) ? 'an ' : 'a ') + name
}
