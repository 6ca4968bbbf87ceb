/**
 * Normalize: the objects schema files export -> the schema model. Applies casing, picks
 * constraint names, renders defaults and validator checks as SQL, and records what it
 * cannot make sense of as diagnostics (it never throws for bad input).
 */
import {
  isEnumType,
  isTable,
  tableBrand,
  type AnyColumn,
  type AnyTable,
  type EnumType,
  type ManyToMany,
  type TableDefinition,
  type IndexExtra,
  type ForeignKeyExtra,
  type ReferenceOptions,
  type PrimaryKeyExtra,
  type UniqueExtra,
} from '../schema/dsl.js'
import {
  MODEL_VERSION,
  freezeDeep,
  type Casing,
  type CheckModel,
  type ColumnModel,
  type EnumModel,
  type ForeignKeyModel,
  type IndexModel,
  type ManyToManyModel,
  type SchemaModel,
  type TableModel,
  type UniqueModel,
  type ValidatorsModel,
} from '../schema/model.js'
import { applyCasing, camelCase, constraintName, pascalCase, rowTypeName, singular } from '../schema/naming.js'
import { isNumericType, isTextType, pgTypeOf } from '../schema/types-map.js'
import { quoteIdent, quoteLiteral, isSqlFragment } from '../runtime/sql.js'
import { columnEncoder, EncodeError } from '../runtime/types.js'
import type { Diagnostic } from './diagnostics.js'
import type { SourceInfo } from './source-types.js'

export interface LoadedFile {
  /** Path relative to the project root, with forward slashes. */
  readonly rel: string
  readonly exports: Readonly<Record<string, unknown>>
  readonly info: SourceInfo
}

export interface NormalizeInput {
  readonly files: readonly LoadedFile[]
  readonly manyToMany: readonly ManyToMany[]
  readonly casing: Casing
}

interface TableEntry {
  readonly table: AnyTable
  readonly definition: TableDefinition
  readonly exportName: string
  readonly file: string
  readonly info: SourceInfo
}

/** A column built by any copy of the DSL module (brands, not classes, identify DSL objects). */
function isColumn(value: unknown): value is AnyColumn {
  return typeof value === 'object' && value !== null && 'definition' in value && typeof (value as AnyColumn).definition?.type === 'string'
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

export function normalize(input: NormalizeInput): { model: SchemaModel; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = []
  const { casing } = input

  // Which table objects are exported, and by which file. A table re-exported by another
  // file belongs to the file that declares it.
  const entries = new Map<AnyTable, TableEntry>()
  const exportedEnums = new Map<EnumType, { exportName: string; file: string }>()
  for (const file of input.files) {
    for (const exportName of Object.keys(file.exports).sort(byteOrder)) {
      const value = file.exports[exportName]
      if (isTable(value)) {
        const existing = entries.get(value)
        if (!existing || (!existing.info.declaredExports.has(existing.exportName) && file.info.declaredExports.has(exportName))) {
          entries.set(value, { table: value, definition: value[tableBrand], exportName, file: file.rel, info: file.info })
        }
      } else if (isEnumType(value)) {
        const existing = exportedEnums.get(value)
        if (!existing || file.info.declaredExports.has(exportName)) exportedEnums.set(value, { exportName, file: file.rel })
      }
    }
  }

  // Enums: exported ones and those used by columns.
  const enums = new Map<string, { type: EnumType; model: EnumModel }>()
  const addEnum = (type: EnumType, where: Partial<Diagnostic>) => {
    const existing = enums.get(type.name)
    if (existing) {
      if (existing.type !== type && JSON.stringify(existing.type.values) !== JSON.stringify(type.values)) {
        diagnostics.push({
          file: where.file ?? null,
          table: where.table,
          column: where.column,
          message: `enum type "${type.name}" is declared twice with different values`,
          hint: 'declare each enum once and import it where it is used',
        })
      }
      return
    }
    const exported = exportedEnums.get(type)
    enums.set(type.name, {
      type,
      model: {
        kind: 'enum',
        name: type.name,
        tsName: pascalCase(exported?.exportName ?? type.name),
        values: [...type.values],
        source: exported ? { file: exported.file, exportName: exported.exportName } : null,
      },
    })
  }
  for (const [type, where] of [...exportedEnums].sort((a, b) => byteOrder(a[0].name, b[0].name))) addEnum(type, { file: where.file })

  const sqlNameOf = (entry: TableEntry, column: AnyColumn): string =>
    column.definition.dbName ?? applyCasing(column.binding!.key, casing)

  const tables: TableModel[] = []
  for (const entry of entries.values()) {
    tables.push(normalizeTable(entry))
  }

  function normalizeTable(entry: TableEntry): TableModel {
    const { definition: def, exportName, file } = entry
    const tableName = def.name
    const at = (column?: string): Pick<Diagnostic, 'file' | 'table' | 'column'> => ({ file, table: exportName, column })
    if (def.hasProtoKey) {
      diagnostics.push({
        ...at(),
        message: 'the columns object has a __proto__ key, which JavaScript turns into a prototype instead of a column',
        hint: 'rename the column (use .dbName("__proto__") if the SQL name must be that)',
      })
    }
    const columns: ColumnModel[] = []
    const primaryKeyColumns: string[] = []
    const uniques: UniqueModel[] = []
    const foreignKeys: ForeignKeyModel[] = []
    const checks: CheckModel[] = []
    const indexes: IndexModel[] = []
    let primaryKeyName: string | undefined

    for (const key of Object.keys(def.columns)) {
      const column = def.columns[key]
      if (!isColumn(column)) {
        diagnostics.push({ ...at(key), message: 'is not a column', hint: 'build columns with t.*(), e.g. t.text()' })
        continue
      }
      const d = column.definition
      const name = sqlNameOf(entry, column)
      if (d.enumType) addEnum(d.enumType, at(key))
      const jsonType = entry.info.jsonTypes.get(`${exportName}.${key}`)
      const model: ColumnModel = {
        kind: 'column',
        name,
        tsName: key,
        type: {
          name: d.type,
          length: d.length ?? null,
          precision: d.precision ?? null,
          scale: d.scale ?? null,
          enumName: d.enumType?.name ?? null,
          dimensions: d.dimensions,
        },
        nullable: d.nullable,
        default: renderDefault(column, at(key)),
        validators: normalizeValidators(column, at(key)),
        tsType: d.type === 'json' || d.type === 'jsonb' ? (jsonType?.text ?? null) : null,
        tsTypeImports: d.type === 'json' || d.type === 'jsonb' ? (jsonType?.imports ?? []) : [],
      }
      columns.push(model)
      if (d.primaryKey) {
        primaryKeyColumns.push(name)
      }
      if (d.unique) uniques.push({ name: constraintName([tableName, name], 'key'), columns: [name] })
      const validatorCheck = validatorCondition(model)
      if (validatorCheck) checks.push({ name: constraintName([tableName, name], 'valid'), expression: validatorCheck })
      d.checks.forEach((condition, i) => {
        const expression = ddlOf(condition, at(key), 'check')
        if (expression) checks.push({ name: constraintName([tableName, name], i === 0 ? 'check' : `check${i + 1}`), expression })
      })
      if (d.references) {
        const fk = normalizeReference(entry, column, name, at(key))
        if (fk) foreignKeys.push(fk)
      }
    }
    if (primaryKeyColumns.length > 1) {
      diagnostics.push({
        ...at(),
        message: `has two primary keys (${primaryKeyColumns.join(', ')} are each marked .primaryKey())`,
        hint: 'mark one column, or declare a composite key with primaryKey(a, b) in the table extras',
      })
    }

    const ownColumn = (column: unknown, what: string): string | undefined => {
      if (!isColumn(column)) {
        diagnostics.push({ ...at(), message: `${what} lists something that is not a column` })
        return undefined
      }
      const c = column
      if (c.binding?.table !== entry.table) {
        diagnostics.push({ ...at(), message: `${what} lists a column of another table`, hint: 'use the columns passed to the extras callback' })
        return undefined
      }
      return sqlNameOf(entry, c)
    }

    if (def.extras) {
      let extras: readonly unknown[] = []
      try {
        extras = (def.extras as (columns: unknown) => readonly unknown[])(entry.table)
      } catch (error) {
        diagnostics.push({ ...at(), message: `the table extras callback threw: ${(error as Error).message}` })
      }
      if (!Array.isArray(extras)) {
        diagnostics.push({ ...at(), message: 'the table extras callback must return a list', hint: '(t) => [index(t.a), unique(t.b)]' })
        extras = []
      }
      for (const extraValue of extras) {
        const extra = extraValue
        const kind = typeof extra === 'object' && extra !== null ? (extra as { kind?: unknown }).kind : undefined
        if (kind === 'primaryKey') {
          const extra = extraValue as PrimaryKeyExtra
          const names = extra.columns.map((c) => ownColumn(c, 'primaryKey()')).filter((n): n is string => !!n)
          if (primaryKeyColumns.length > 0) {
            diagnostics.push({
              ...at(),
              message: `has two primary keys (primaryKey(${names.join(', ')}) and ${primaryKeyColumns.join(', ')})`,
              hint: 'keep only one primary key declaration',
            })
          } else {
            primaryKeyColumns.push(...names)
            primaryKeyName = extra.constraintName
          }
          if (names.length === 0) diagnostics.push({ ...at(), message: 'primaryKey() needs at least one column' })
        } else if (kind === 'unique') {
          const extra = extraValue as UniqueExtra
          const names = extra.columns.map((c) => ownColumn(c, 'unique()')).filter((n): n is string => !!n)
          if (names.length === 0) diagnostics.push({ ...at(), message: 'unique() needs at least one column' })
          else uniques.push({ name: extra.constraintName ?? constraintName([tableName, ...names], 'key'), columns: names })
        } else if (kind === 'index') {
          const extra = extraValue as IndexExtra
          const names = extra.columns.map((c) => ownColumn(c, 'index()')).filter((n): n is string => !!n)
          if (names.length === 0) {
            diagnostics.push({ ...at(), message: 'index() needs at least one column' })
            continue
          }
          const where = extra.options.where ? ddlOf(extra.options.where, at(), 'index predicate') : null
          indexes.push({
            name: extra.options.name ?? constraintName([tableName, ...names], 'idx'),
            columns: names.map((n) => ({ name: n, desc: extra.options.desc === true })),
            unique: extra.options.unique === true,
            where: where ?? null,
            using: extra.options.using ?? 'btree',
          })
        } else if (kind === 'foreignKey') {
          const extra = extraValue as ForeignKeyExtra
          const names = extra.columns.map((c) => ownColumn(c, 'foreignKey()')).filter((n): n is string => !!n)
          let targets: readonly unknown[] = []
          try {
            targets = extra.references()
          } catch (error) {
            diagnostics.push({ ...at(), message: `foreignKey(..., () => [...]) threw: ${(error as Error).message}` })
            continue
          }
          if (!Array.isArray(targets) || targets.length !== names.length || names.length === 0) {
            diagnostics.push({ ...at(), message: 'foreignKey() needs as many referenced columns as columns', hint: 'foreignKey([t.a, t.b], () => [other.a, other.b])' })
            continue
          }
          const resolved = resolveTargets(targets, at(), 'foreignKey(..., () => [...])')
          if (resolved) foreignKeys.push(foreignKeyModel(entry, names, resolved, extra.options, at()))
        } else if (kind === 'check') {
          const c = extra as { name: unknown; condition: unknown }
          if (typeof c.name !== 'string') {
            diagnostics.push({ ...at(), message: 'check() needs a name as its first argument' })
            continue
          }
          const expression = isSqlFragment(c.condition) ? ddlOf(c.condition, at(), `check ${c.name}`) : undefined
          if (!isSqlFragment(c.condition)) diagnostics.push({ ...at(), message: `check '${c.name}' needs a sql\`...\` condition` })
          if (expression) checks.push({ name: c.name, expression })
        } else {
          diagnostics.push({
            ...at(),
            message: 'the table extras list holds something that is not primaryKey(), unique(), index(), foreignKey() or check()',
          })
        }
      }
    }

    return {
      kind: 'table',
      name: tableName,
      tsName: exportName,
      typeName: def.options.typeName ?? rowTypeName(exportName),
      columns,
      primaryKey: primaryKeyColumns.length > 0 ? { name: primaryKeyName ?? constraintName([tableName], 'pkey'), columns: primaryKeyColumns } : null,
      uniques,
      foreignKeys,
      indexes,
      checks,
      source: { file, exportName },
    }
  }

  function normalizeReference(entry: TableEntry, column: AnyColumn, name: string, at: Pick<Diagnostic, 'file' | 'table' | 'column'>): ForeignKeyModel | undefined {
    const { target: thunk, options } = column.definition.references!
    let target: unknown
    try {
      target = thunk()
    } catch (error) {
      diagnostics.push({
        ...at,
        message: `references(() => ...) threw: ${(error as Error).message}`,
        hint: 'the thunk must return a column of an exported table, e.g. () => authors.id',
      })
      return undefined
    }
    const resolved = resolveTargets([target], at, 'references(() => ...)')
    if (!resolved) return undefined
    if (options.onDelete === 'set null' && !column.definition.nullable) {
      diagnostics.push({ ...at, message: "onDelete 'set null' on a column that is not nullable", hint: 'add .nullable() or choose another action' })
    }
    return foreignKeyModel(entry, [name], resolved, options, at)
  }

  /** The table and SQL column names that a reference points to, or undefined (with a diagnostic). */
  function resolveTargets(targets: readonly unknown[], at: Pick<Diagnostic, 'file' | 'table' | 'column'>, what: string): { table: TableEntry; columns: string[] } | undefined {
    let table: TableEntry | undefined
    const columns: string[] = []
    for (const target of targets) {
      if (!isColumn(target) || !target.binding) {
        diagnostics.push({
          ...at,
          message: `${what} returned ${target === undefined ? 'undefined' : 'something that is not a column of a table'}`,
          hint: 'return a column of an exported table, e.g. () => authors.id (check the column name)',
        })
        return undefined
      }
      const targetEntry = entries.get(target.binding.table)
      if (!targetEntry) {
        diagnostics.push({
          ...at,
          message: `references a column of table "${target.binding.table[tableBrand].name}", which no schema file exports`,
          hint: 'export that table from a file matched by the schema globs of the config',
        })
        return undefined
      }
      if (table && table !== targetEntry) {
        diagnostics.push({ ...at, message: `${what} lists columns of two tables`, hint: 'a foreign key references columns of one table' })
        return undefined
      }
      table = targetEntry
      columns.push(sqlNameOf(targetEntry, target))
    }
    return table && { table, columns }
  }

  function foreignKeyModel(
    entry: TableEntry,
    names: string[],
    target: { table: TableEntry; columns: string[] },
    options: ReferenceOptions,
    at: Pick<Diagnostic, 'file' | 'table' | 'column'>,
  ): ForeignKeyModel {
    const actions = ['cascade', 'restrict', 'set null', 'set default', 'no action']
    for (const key of ['onDelete', 'onUpdate'] as const) {
      if (options[key] !== undefined && !actions.includes(options[key]!)) {
        diagnostics.push({ ...at, message: `${key} must be one of ${actions.map((a) => `'${a}'`).join(', ')}, got '${String(options[key])}'` })
      }
    }
    return {
      name: options.constraintName ?? constraintName([entry.definition.name, ...names], 'fkey'),
      columns: names,
      references: { table: target.table.definition.name, columns: target.columns },
      onDelete: options.onDelete ?? 'no action',
      onUpdate: options.onUpdate ?? 'no action',
      relationName: options.name ?? null,
      inverseName: options.inverse ?? null,
    }
  }

  function ddlOf(fragment: unknown, at: Pick<Diagnostic, 'file' | 'table' | 'column'>, what: string): string | undefined {
    if (!isSqlFragment(fragment)) {
      diagnostics.push({ ...at, message: `${what} must be a sql\`...\` fragment` })
      return undefined
    }
    try {
      const text = fragment.toDDL()
      if (text === '') diagnostics.push({ ...at, message: `${what} is empty` })
      return text || undefined
    } catch (error) {
      diagnostics.push({ ...at, message: `${what}: ${(error as Error).message}` })
      return undefined
    }
  }

  function renderDefault(column: AnyColumn, at: Pick<Diagnostic, 'file' | 'table' | 'column'>): string | null {
    const d = column.definition
    const value = d.default
    const serial = d.type === 'serial' || d.type === 'bigserial'
    if (serial && value) {
      diagnostics.push({ ...at, message: 'a serial column already has a default (its sequence)', hint: 'remove .default(), or use t.integer()' })
    }
    if (!value) return null
    if (value.kind === 'sql') return ddlOf(value.sql, at, 'default') ?? null
    if (value.value === null) {
      if (!d.nullable) diagnostics.push({ ...at, message: 'has default null but is not nullable', hint: 'add .nullable() or choose another default' })
      return 'NULL'
    }
    let text: string
    try {
      text = columnEncoder(pgTypeOf(d.type), d.dimensions, d.enumType?.values)(value.value)
    } catch (error) {
      if (!(error instanceof EncodeError)) throw error
      diagnostics.push({ ...at, message: `default of the wrong type: ${error.message}`, hint: `give a ${d.type}${'[]'.repeat(d.dimensions)} value` })
      return null
    }
    if (d.dimensions === 0 && isNumericType(d.type) && /^-?\d+(\.\d+)?$/.test(text)) return text
    if (d.dimensions === 0 && d.type === 'boolean') return text === 't' ? 'true' : 'false'
    return quoteLiteral(text)
  }

  function normalizeValidators(column: AnyColumn, at: Pick<Diagnostic, 'file' | 'table' | 'column'>): ValidatorsModel {
    const d = column.definition
    const v = d.validators
    const numeric = d.dimensions === 0 && isNumericType(d.type)
    const text = d.dimensions === 0 && isTextType(d.type)
    const array = d.dimensions > 0
    const bound = (name: 'min' | 'max'): string | null => {
      const value = v[name]
      if (value === undefined) return null
      if (!numeric && !text) {
        diagnostics.push({ ...at, message: `.${name}() applies to numbers (value) and text (length), not to ${d.type}${'[]'.repeat(d.dimensions)}` })
        return null
      }
      const ok = typeof value === 'number' ? Number.isFinite(value) : typeof value === 'bigint' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))
      if (!ok || (text && !(typeof value === 'number' && Number.isInteger(value) && value >= 0))) {
        diagnostics.push({ ...at, message: `.${name}(${String(value)}) needs ${text ? 'a non-negative integer length' : 'a number'}` })
        return null
      }
      return String(value)
    }
    const min = bound('min')
    const max = bound('max')
    for (const name of ['minLength', 'maxLength'] as const) {
      const value = v[name]
      if (value === undefined) continue
      if (!text && !array) diagnostics.push({ ...at, message: `.length() applies to text and arrays, not to ${d.type}` })
      else if (!Number.isInteger(value) || value < 0) diagnostics.push({ ...at, message: `.length() needs non-negative integers, got ${String(value)}` })
    }
    for (const name of ['email', 'url', 'regex'] as const) {
      if (v[name] && !text) diagnostics.push({ ...at, message: `.${name}() applies to text columns, not to ${d.type}${'[]'.repeat(d.dimensions)}` })
    }
    const minLength = text || array ? (v.minLength ?? (text && min !== null ? Number(min) : null)) : null
    const maxLength = text || array ? (v.maxLength ?? (text && max !== null ? Number(max) : null)) : null
    return {
      min: numeric ? min : null,
      max: numeric ? max : null,
      minLength: minLength ?? null,
      maxLength: maxLength ?? null,
      email: v.email === true,
      url: v.url === true,
      regex: v.regex instanceof RegExp ? { source: v.regex.source, flags: v.regex.flags } : null,
    }
  }

  // Many-to-many links between exported tables.
  const links: ManyToManyModel[] = []
  const linkTables: TableModel[] = []
  const tableByObject = (t: AnyTable) => entries.get(t)
  for (const link of input.manyToMany) {
    const left = tableByObject(link.left)
    const right = tableByObject(link.right)
    if (!left || !right) continue // declared in a file outside the schema globs
    const at = { file: left.file, table: left.exportName }
    if (link.options.through) {
      const through = tableByObject(link.options.through)
      if (!through) {
        diagnostics.push({ ...at, message: 'manyToMany(..., { through }) names a table that no schema file exports', hint: 'export the join table' })
        continue
      }
      links.push({ left: left.definition.name, right: right.definition.name, through: through.definition.name, implicit: false, name: link.options.name ?? null, inverse: link.options.inverse ?? null })
      continue
    }
    const joinName = link.options.tableName ?? `${left.definition.name}_${right.definition.name}`
    const leftModel = tables.find((t) => t.name === left.definition.name)!
    const rightModel = tables.find((t) => t.name === right.definition.name)!
    const leftKey = `${singular(left.exportName)}Id`
    const rightKey = `${singular(right.exportName)}Id`
    if (leftKey === rightKey) {
      diagnostics.push({
        ...at,
        message: `manyToMany(${left.exportName}, ${right.exportName}) would give the join table two columns named ${leftKey}`,
        hint: 'declare the join table yourself and pass it as { through: joinTable }',
      })
      continue
    }
    const side = (model: TableModel, key: string): ColumnModel | undefined => {
      if (model.primaryKey?.columns.length !== 1) {
        diagnostics.push({
          file: model.source?.file ?? null,
          table: model.tsName,
          message: `manyToMany needs ${model.tsName} to have a single-column primary key`,
          hint: 'declare the join table yourself and pass it as { through: joinTable }',
        })
        return undefined
      }
      const pk = model.columns.find((c) => c.name === model.primaryKey!.columns[0])!
      const typeName = pk.type.name === 'serial' ? 'integer' : pk.type.name === 'bigserial' ? 'bigint' : pk.type.name
      return {
        ...pk,
        name: applyCasing(key, casing),
        tsName: key,
        type: { ...pk.type, name: typeName },
        nullable: false,
        default: null,
        validators: { min: null, max: null, minLength: null, maxLength: null, email: false, url: false, regex: null },
      }
    }
    const leftColumn = side(leftModel, leftKey)
    const rightColumn = side(rightModel, rightKey)
    if (!leftColumn || !rightColumn) continue
    const fk = (column: ColumnModel, target: TableModel): ForeignKeyModel => ({
      name: constraintName([joinName, column.name], 'fkey'),
      columns: [column.name],
      references: { table: target.name, columns: [...target.primaryKey!.columns] },
      onDelete: 'cascade',
      onUpdate: 'cascade',
      relationName: null,
      inverseName: null,
    })
    const tsName = camelCase(joinName)
    linkTables.push({
      kind: 'table',
      name: joinName,
      tsName,
      typeName: rowTypeName(tsName),
      columns: [leftColumn, rightColumn],
      primaryKey: { name: constraintName([joinName], 'pkey'), columns: [leftColumn.name, rightColumn.name] },
      uniques: [],
      foreignKeys: [fk(leftColumn, leftModel), fk(rightColumn, rightModel)],
      // The primary key serves lookups from the left side; this index serves the right side.
      indexes: [{ name: constraintName([joinName, rightColumn.name], 'idx'), columns: [{ name: rightColumn.name, desc: false }], unique: false, where: null, using: 'btree' }],
      checks: [],
      source: { file: left.file, exportName: tsName },
    })
    links.push({ left: left.definition.name, right: right.definition.name, through: joinName, implicit: true, name: link.options.name ?? null, inverse: link.options.inverse ?? null })
  }

  const allTables = [...tables, ...linkTables].sort((a, b) => byteOrder(a.name, b.name))
  const enumModels = [...enums.values()].map((e) => e.model).sort((a, b) => byteOrder(a.name, b.name))
  const extensions = allTables.some((t) => t.columns.some((c) => c.type.name === 'citext')) ? ['citext'] : []
  const model: SchemaModel = {
    version: MODEL_VERSION,
    casing,
    extensions,
    enums: enumModels,
    tables: allTables,
    manyToMany: links.sort((a, b) => byteOrder(a.through, b.through)),
  }
  return { model: freezeDeep(model), diagnostics }
}

/** The CHECK condition validators imply, where SQL can express them exactly. */
function validatorCondition(column: ColumnModel): string | undefined {
  const v = column.validators
  const ref = quoteIdent(column.name)
  const parts: string[] = []
  if (v.min !== null) parts.push(`${ref} >= ${v.min}`)
  if (v.max !== null) parts.push(`${ref} <= ${v.max}`)
  const size = column.type.dimensions > 0 ? `cardinality(${ref})` : `char_length(${ref})`
  if (v.minLength !== null && v.maxLength !== null && v.minLength === v.maxLength) parts.push(`${size} = ${v.minLength}`)
  else {
    if (v.minLength !== null && v.minLength > 0) parts.push(`${size} >= ${v.minLength}`)
    if (v.maxLength !== null) parts.push(`${size} <= ${v.maxLength}`)
  }
  return parts.length === 0 ? undefined : parts.join(' AND ')
}
