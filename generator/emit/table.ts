/**
 * Emits the module of one table: its types (row, insert, patch, where, orderBy), zod
 * schemas, the precompiled row decoder and the metadata the runtime client runs on.
 * The output is concrete and shallow so the type checker stays fast on large schemas.
 */
import { StructureKind, type WriterFunction } from 'ts-morph'
import type { ColumnModel, SchemaModel, TableModel } from '../../schema/model.js'
import { aggregateTsTypes, hasMinMax, isNumericType, isTextType, pgTypeOf, tsScalarType } from '../../schema/column-types.js'
import { printWidth } from '../layout.js'
import { tableNames } from './names.js'
import { enumValuesName } from './enums.js'
import { commentSafe, quote, relationsOf, relativeModule, type EmitContext, type Statement } from './common.js'
import { importsFrom } from './imports.js'

function enumOf(model: SchemaModel, column: ColumnModel) {
  return model.enums.find((e) => e.name === column.type.enumName)!
}

/** The TypeScript type of one value of the column (without null). */
function valueType(ctx: EmitContext, column: ColumnModel): string {
  const t = column.type
  let base: string
  if (t.name === 'enum') base = enumOf(ctx.model, column).tsName
  else if (t.name === 'json' || t.name === 'jsonb') base = column.tsType ?? 'unknown'
  else base = tsScalarType(t.name)
  if (t.dimensions === 0) return base
  const needsParens = /[|&]/.test(base) || base.includes('=>')
  return (needsParens ? `(${base})` : base) + '[]'.repeat(t.dimensions)
}

/** What `set` takes for the column besides a value: ` | NumericChange<number>`, ` | JsonbChange<T>`, ` | ArrayChange<E>` or nothing. */
function changeType(ctx: EmitContext, column: ColumnModel): string {
  const t = column.type
  if (t.dimensions === 0 && isNumericType(t.name)) return ` | NumericChange<${valueType(ctx, column)}>`
  if (t.dimensions === 0 && t.name === 'jsonb') return ` | JsonbChange<${valueType(ctx, column)}>`
  if (t.dimensions === 1) return ` | ArrayChange<${valueType(ctx, { ...column, type: { ...t, dimensions: 0 } })}>`
  return ''
}

function hasDefault(column: ColumnModel): boolean {
  return column.default !== null || column.type.name === 'serial' || column.type.name === 'bigserial'
}

function whereType(ctx: EmitContext, column: ColumnModel): string {
  const value = valueType(ctx, column)
  const n = column.nullable ? ', null' : ''
  const t = column.type
  const orNull = column.nullable ? ' | null' : ''
  if (t.dimensions > 0) {
    const element = valueType(ctx, { ...column, type: { ...t, dimensions: t.dimensions - 1 } })
    return `${value}${orNull} | ArrayFilter<${element}${n}>`
  }
  if (t.name === 'json') return `JsonFilter${column.nullable ? ' | null' : ''}`
  if (t.name === 'jsonb') return `JsonbFilter<${value}${n}>${orNull}`
  if (t.name === 'boolean' || t.name === 'bytea') return `${value}${orNull} | EqualityFilter<${value}${n}>`
  if (isTextType(t.name)) return `${value}${orNull} | TextFilter<${value}${n}>`
  return `${value}${orNull} | ComparableFilter<${value}${n}>`
}

// ---------------------------------------------------------------------------------------
// zod

/** @param element whether this is the element of an array column (min/max then apply to the array's length) */
function zodScalar(ctx: EmitContext, column: ColumnModel, element: boolean): string {
  const t = column.type
  const v = column.validators
  switch (t.name) {
    case 'smallint':
      return 'z.int().min(-32768).max(32767)'
    case 'integer':
    case 'serial':
      return 'z.int32()'
    case 'bigint':
    case 'bigserial':
      return 'z.int64()'
    case 'real':
    case 'doublePrecision':
      return runtimeValidator('floatValue', [], element ? null : v)
    case 'numeric':
      return runtimeValidator('decimalString', t.precision === null ? [] : [`wholeDigits: ${Math.max(t.precision - (t.scale ?? 0), 0)}`], element ? null : v)
    case 'boolean':
      return 'z.boolean()'
    case 'uuid':
      return 'z.guid()'
    case 'date':
      return 'z.iso.date()'
    case 'timestamp':
    case 'timestamptz':
      return 'z.date()'
    case 'json':
    case 'jsonb':
      return 'jsonValue'
    case 'bytea':
      return 'z.instanceof(Uint8Array)'
    case 'enum':
      // The enum's value list from enums.ts (imported for the table's metadata too).
      return `z.enum(${enumValuesName(enumOf(ctx.model, column).tsName)})`
    default: {
      // text-like
      let base = v.email ? 'z.email()' : v.url ? 'z.url()' : 'z.string()'
      const limit = t.name === 'varchar' || t.name === 'char' ? t.length : null
      const max = [limit, v.maxLength].filter((n): n is number => n !== null)
      if (t.dimensions === 0 && v.minLength !== null) base += `.min(${v.minLength})`
      if (max.length > 0 && (t.dimensions === 0 || limit !== null)) base += `.max(${Math.min(...(t.dimensions === 0 ? max : [limit!]))})`
      // `source` is already escaped for a literal (a `/` reads `\/`); `flags` come in prettier's (alphabetical) order.
      if (v.regex) base += `.regex(/${v.regex.source}/${v.regex.flags})`
      return base
    }
  }
}

/**
 * `floatValue({ ... })` or `decimalString({ ... })` of dbridge/runtime, with the column's
 * bounds unless it is an array's element (min/max then bound the array's length).
 */
function runtimeValidator(name: string, options: string[], bounds: ColumnModel['validators'] | null): string {
  if (bounds?.min != null) options.push(`min: ${bounds.min}`)
  if (bounds?.max != null) options.push(`max: ${bounds.max}`)
  return `${name}(${options.length === 0 ? '' : `{ ${options.join(', ')} }`})`
}

/** A bound of a bigint column as a bigint literal (a fractional bound rounded inwards). */
function bigintBound(text: string, side: 'min' | 'max'): string {
  if (/^-?\d+$/.test(text)) return `${text}n`
  const value = Number(text)
  return `${BigInt(side === 'min' ? Math.ceil(value) : Math.floor(value))}n`
}

function zodColumn(ctx: EmitContext, column: ColumnModel): string {
  const t = column.type
  const v = column.validators
  let schema = zodScalar(ctx, { ...column, type: { ...t, dimensions: 0 } }, t.dimensions > 0)
  // Integers take zod's own bounds; floats and numerics got theirs from their runtime validator.
  if (t.dimensions === 0 && isNumericType(t.name) && !['numeric', 'real', 'doublePrecision'].includes(t.name)) {
    const big = t.name === 'bigint' || t.name === 'bigserial'
    if (v.min !== null) schema += `.min(${big ? bigintBound(v.min, 'min') : v.min})`
    if (v.max !== null) schema += `.max(${big ? bigintBound(v.max, 'max') : v.max})`
  }
  for (let d = 0; d < t.dimensions; d++) {
    schema = `z.array(${schema})`
    if (d === t.dimensions - 1) {
      if (v.minLength !== null) schema += `.min(${v.minLength})`
      if (v.maxLength !== null) schema += `.max(${v.maxLength})`
    }
  }
  if (column.nullable) schema += '.nullable()'
  if (column.nullable || hasDefault(column)) schema += '.optional()'
  return schema
}

// ---------------------------------------------------------------------------------------
// decoder

function decodeExpression(ctx: EmitContext, column: ColumnModel, index: number, helpers: Set<string>): string {
  const t = column.type
  const cell = `r[${index}]`
  const scalarDecoder = (): string | undefined => {
    switch (pgTypeOf(t.name)) {
      case 'int2':
      case 'int4':
        return 'decodeInt'
      case 'int8':
        return 'decodeBigint'
      case 'float4':
      case 'float8':
        return 'decodeFloat'
      case 'bool':
        return 'decodeBool'
      case 'timestamp':
        return 'decodeTimestamp'
      case 'timestamptz':
        return 'decodeTimestamptz'
      case 'json':
      case 'jsonb':
        return 'decodeJson'
      case 'bytea':
        return 'decodeBytea'
      default:
        return undefined
    }
  }
  const decoder = scalarDecoder()
  let expression: string
  if (t.dimensions > 0) {
    helpers.add('decodeArray')
    if (decoder) helpers.add(decoder)
    else helpers.add('decodeText')
    const plain = t.dimensions === 1 && (decoder ? t.name !== 'json' && t.name !== 'jsonb' : !['enum'].includes(t.name))
    const elementType = decoder === 'decodeJson' ? 'unknown' : decoder ? valueType(ctx, { ...column, type: { ...t, dimensions: 0 } }) : 'string'
    const typeArguments = plain ? '' : `<${elementType}, ${valueType(ctx, column)}>`
    expression = `decodeArray${typeArguments}(${cell} as string, ${decoder ?? 'decodeText'})`
  } else if (decoder) {
    helpers.add(decoder)
    expression = `${decoder}(${cell} as string)`
    if (t.name === 'json' || t.name === 'jsonb') expression += ` as ${valueType(ctx, column)}`
  } else {
    return `${cell} as ${valueType(ctx, column)}${column.nullable ? ' | null' : ''}`
  }
  return column.nullable ? unlessNull(cell, expression, t.dimensions === 0 && (t.name === 'json' || t.name === 'jsonb')) : expression
}

/** `value === null ? null : expression`; a cast there goes in parentheses (as prettier writes it). */
function unlessNull(cell: string, expression: string, isCast: boolean): string {
  return `${cell} === null ? null : ${isCast ? `(${expression})` : expression}`
}

/**
 * The expression that reads column `index` of a nested row sent as a JSON array (`a`), in
 * column order, converting what JSON cannot carry exactly (int8 and numeric arrive as text).
 */
function jsonDecodeExpression(ctx: EmitContext, column: ColumnModel, index: number, helpers: Set<string>): string {
  const t = column.type
  const cell = `a[${index}]`
  const helper = ((): string | undefined => {
    switch (pgTypeOf(t.name)) {
      case 'int8':
        return 'jsonBigint'
      case 'float4':
      case 'float8':
        return 'jsonFloat'
      case 'timestamp':
        return 'jsonTimestamp'
      case 'timestamptz':
        return 'jsonTimestamptz'
      case 'bytea':
        return 'jsonBytea'
      default:
        return undefined
    }
  })()
  const type = valueType(ctx, column)
  if (!helper) return `${cell} as ${type}${column.nullable ? ' | null' : ''}`
  helpers.add(helper)
  let expression: string
  if (t.dimensions > 0) {
    helpers.add('jsonArray')
    expression = `jsonArray(${cell}, ${helper}) as ${type}`
  } else expression = `${helper}(${cell} as never)`
  return column.nullable ? unlessNull(cell, expression, t.dimensions > 0) : expression
}

// ---------------------------------------------------------------------------------------

/** Column sets that identify a row: valid upsert targets, in declaration order. */
export function uniqueKeys(table: TableModel): string[][] {
  const tsName = (sqlName: string) => table.columns.find((c) => c.name === sqlName)!.tsName
  const keys: string[][] = []
  if (table.primaryKey) keys.push(table.primaryKey.columns.map(tsName))
  for (const unique of table.uniques) keys.push(unique.columns.map(tsName))
  for (const index of table.indexes) if (index.unique && index.where === null && index.columns.every((c) => c.name !== undefined)) keys.push(index.columns.map((c) => tsName(c.name!)))
  const seen = new Set<string>()
  return keys.filter((key) => {
    const id = [...key].sort().join(',')
    return seen.has(id) ? false : (seen.add(id), true)
  })
}

export function emitTableStatements(ctx: EmitContext, table: TableModel): Statement[] {
  const names = tableNames(table)
  const columns = table.columns
  const helpers = new Set<string>()
  const filterTypes = new Set<string>()
  const enumTypes = new Set<string>()
  for (const column of columns) {
    if (column.type.name === 'enum') enumTypes.add(enumOf(ctx.model, column).tsName)
    const match = /(ComparableFilter|TextFilter|ArrayFilter|EqualityFilter|JsonbFilter|JsonFilter)/.exec(whereType(ctx, column))
    if (match) filterTypes.add(match[1]!)
  }
  const decodeFields = columns.map((c, i) => `${c.tsName}: ${decodeExpression(ctx, c, i, helpers)},`)
  const jsonFields = columns.map((c, i) => `${c.tsName}: ${jsonDecodeExpression(ctx, c, i, helpers)},`)
  const relations = relationsOf(ctx.model, table.name).map((relation) => {
    const target = ctx.model.tables.find((t) => t.name === relation.target)!
    return { relation, target, names: tableNames(target), self: target.name === table.name }
  })
  const keyOf = (t: TableModel, sqlName: string) => t.columns.find((c) => c.name === sqlName)!.tsName
  const pk = table.primaryKey?.columns.map((name) => columns.find((c) => c.name === name)!) ?? []
  const keyType =
    pk.length === 0 ? 'never' : pk.length === 1 ? valueType(ctx, pk[0]!) : `{ ${pk.map((c) => `${c.tsName}: ${valueType(ctx, c)}`).join('; ')} }`
  const keys = uniqueKeys(table)
  // Any order of a key's columns is accepted (every order is spelled out for keys of up to 3 columns).
  const orders = keys.flatMap((key) => (key.length <= 3 ? permutations(key) : [key]))
  const conflictType = orders.length === 0 ? 'never' : orders.map((key) => `readonly [${key.map((k) => `'${k}'`).join(', ')}]`).join(' | ')
  const numericColumns = columns.filter((c) => c.type.dimensions === 0 && isNumericType(c.type.name))
  const sums = columns.flatMap((c) => {
    const types = aggregateTsTypes(c.type)
    return types ? [`${c.tsName}: { sum: ${types.sum}; avg: ${types.avg} }`] : []
  })
  const sumsType = sums.length === 0 ? '{}' : `{ ${sums.join('; ')} }`
  const rangedType = columns.filter((c) => hasMinMax(c.type)).map((c) => `'${c.tsName}'`).join(' | ') || 'never'
  const changeTypes = new Set(columns.map((c) => /^ \| (\w+)</.exec(changeType(ctx, c))?.[1]).filter((name) => name !== undefined))
  const typeImports = new Map<string, Set<string>>()
  for (const column of columns) {
    for (const imp of column.tsTypeImports) {
      const module = imp.local ? relativeModule(ctx, imp.module) : imp.module
      if (!typeImports.has(module)) typeImports.set(module, new Set())
      typeImports.get(module)!.add(imp.name)
    }
  }

  const relationTypes = new Set<string>()
  for (const { relation } of relations) {
    relationTypes.add(relation.kind === 'one' ? 'OneRelation' : relation.kind === 'many' ? 'ManyRelation' : 'ManyToManyRelation')
    relationTypes.add(relation.kind === 'one' ? 'OneFilter' : 'ManyFilter')
  }
  if (columns.some((c) => c.type.name === 'json' || c.type.name === 'jsonb')) helpers.add('jsonValue')
  if (columns.some((c) => c.type.name === 'numeric')) helpers.add('decimalString')
  if (columns.some((c) => c.type.name === 'real' || c.type.name === 'doublePrecision')) helpers.add('floatValue')
  const runtimeValues = ['z', 'defineTable', ...[...helpers].sort()]
  const runtimeTypes = [
    'RawRow',
    'JsonRow',
    'TableMeta',
    'TableClient',
    'SortDirection',
    ...[...changeTypes].sort(),
    ...[...filterTypes].sort(),
    ...[...relationTypes].sort(),
  ]
  const statements: Statement[] = [
    importsFrom('dbridge/runtime', runtimeValues, runtimeTypes),
  ]
  const related = new Map<string, (typeof relations)[number]>()
  for (const entry of relations) if (!entry.self) related.set(entry.names.file, entry)
  for (const [file, entry] of [...related].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    statements.push(importsFrom(`./${file}.js`, [entry.names.meta], [entry.names.types, entry.names.where]))
  }
  if (enumTypes.size > 0) {
    const values = [...enumTypes].sort().map(enumValuesName)
    statements.push(importsFrom('./enums.js', values, [...enumTypes].sort()))
  }
  for (const [module, imported] of [...typeImports].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    statements.push(importsFrom(module, [], [...imported].sort()))
  }

  const quotedTable = commentSafe(table.name)
  statements.push(
    {
      kind: StructureKind.Interface,
      name: names.row,
      isExported: true,
      docs: [`A row of the \`${quotedTable}\` table.`],
      properties: columns.map((c) => ({ name: c.tsName, type: valueType(ctx, c) + (c.nullable ? ' | null' : '') })),
    },
    {
      kind: StructureKind.Interface,
      name: names.insert,
      isExported: true,
      docs: [`A row to insert into \`${quotedTable}\`; columns with a default and nullable columns may be left out.`],
      properties: columns.map((c) => ({
        name: c.tsName,
        type: valueType(ctx, c) + (c.nullable ? ' | null' : ''),
        hasQuestionToken: c.nullable || hasDefault(c),
      })),
    },
    {
      kind: StructureKind.Interface,
      name: names.patch,
      isExported: true,
      docs: [
        'Changes for `update({ set })`: a value, or for numbers `{ increment }` / `{ decrement }`, for jsonb `{ merge }` /',
        '`{ path, value }`, for arrays `{ append }` / `{ remove }`.',
      ],
      properties: columns.map((c) => ({
        name: c.tsName,
        type: valueType(ctx, c) + (c.nullable ? ' | null' : '') + changeType(ctx, c),
        hasQuestionToken: true,
      })),
    },
    {
      kind: StructureKind.Interface,
      name: names.where,
      isExported: true,
      docs: ['Filters for `where`: a value (equality), null (IS NULL) or an operator object per column.'],
      properties: [
        ...columns.map((c) => ({ name: c.tsName, type: whereType(ctx, c), hasQuestionToken: true })),
        ...relations.map(({ relation, names: target }) => ({
          name: relation.name,
          type: `${relation.kind === 'one' ? 'OneFilter' : 'ManyFilter'}<${target.where}>`,
          hasQuestionToken: true,
        })),
        { name: 'AND', type: `${names.where} | readonly ${names.where}[]`, hasQuestionToken: true },
        { name: 'OR', type: `readonly ${names.where}[]`, hasQuestionToken: true },
        { name: 'NOT', type: `${names.where} | readonly ${names.where}[]`, hasQuestionToken: true },
      ],
    },
    {
      kind: StructureKind.TypeAlias,
      name: names.orderBy,
      isExported: true,
      type: `Partial<Record<${columns.some((c) => c.type.name === 'json') ? `Exclude<${names.column}, ${columns.filter((c) => c.type.name === 'json').map((c) => `'${c.tsName}'`).join(' | ')}>` : names.column}, SortDirection>>`,
    },
    {
      kind: StructureKind.TypeAlias,
      name: names.column,
      isExported: true,
      type: columns.map((c) => `'${c.tsName}'`).join(' | ') || 'never',
    },
    {
      kind: StructureKind.TypeAlias,
      name: names.key,
      isExported: true,
      docs: [pk.length === 0 ? `\`${quotedTable}\` has no primary key.` : `The primary key of \`${quotedTable}\`.`],
      type: keyType,
    },
    {
      kind: StructureKind.Interface,
      name: names.relations,
      isExported: true,
      docs: [relations.length === 0 ? `\`${quotedTable}\` has no relations.` : `Relations of \`${quotedTable}\`, for \`with\`, \`load\` and relation filters.`],
      properties: relations.map(({ relation, names: target }) => ({
        name: relation.name,
        type:
          relation.kind === 'one'
            ? `OneRelation<${target.types}, ${relation.nullable}>`
            : relation.kind === 'many'
              ? `ManyRelation<${target.types}>`
              : `ManyToManyRelation<${target.types}>`,
      })),
    },
    {
      kind: StructureKind.Interface,
      name: names.types,
      isExported: true,
      properties: [
        { name: 'row', type: names.row },
        { name: 'insert', type: names.insert },
        { name: 'patch', type: names.patch },
        { name: 'where', type: names.where },
        { name: 'orderBy', type: names.orderBy },
        { name: 'column', type: names.column },
        { name: 'key', type: names.key },
        { name: 'conflict', type: conflictType },
        { name: 'relations', type: names.relations },
        { name: 'sums', type: sumsType },
        { name: 'ranged', type: rangedType },
      ],
    },
    {
      kind: StructureKind.Interface,
      name: names.client,
      isExported: true,
      docs: [`The client of \`${quotedTable}\` (\`db.${table.tsName}\`).`],
      extends: [`TableClient<${names.types}>`],
    },
    constStatement(names.insertSchema, (w) => {
      w.write('z.strictObject(').inlineBlock(() => {
        for (const c of columns) w.writeLine(`${c.tsName}: ${zodColumn(ctx, c)},`)
      }).write(')')
    }, 'Validates a row before insert or upsert.'),
    constStatement(names.patchSchema, `${names.insertSchema}.partial()`, 'Validates the plain values of an update.'),
    {
      kind: StructureKind.Function,
      name: names.decode,
      isExported: true,
      docs: ['Builds a row from the text of every column, in declaration order.'],
      parameters: [{ name: 'r', type: 'RawRow' }],
      returnType: names.row,
      statements: (w) => {
        w.write('return ').inlineBlock(() => {
          for (const field of decodeFields) w.writeLine(field)
        })
      },
    },
    {
      kind: StructureKind.Function,
      name: names.decodeJson,
      isExported: true,
      docs: ['Builds a row from a nested row, sent as a JSON array of its columns in declaration order.'],
      parameters: [{ name: 'a', type: 'JsonRow' }],
      returnType: names.row,
      statements: (w) => {
        w.write('return ').inlineBlock(() => {
          for (const field of jsonFields) w.writeLine(field)
        })
      },
    },
    constStatement(
      names.meta,
      (w) => {
        w.write(`defineTable<${names.row}>(`).inlineBlock(() => {
          w.writeLine(`name: ${quote(table.name)},`)
          w.writeLine(`key: ${quote(table.tsName)},`)
          // One column per line; a single column stays on the line when it fits (as prettier has it).
          const single = columns.length === 1 ? `  columns: [${columnSpec(ctx, columns[0]!)}],` : undefined
          if (single && single.length <= printWidth) w.writeLine(single.trimStart())
          else {
            w.write('columns: [').indent(() => {
              for (const c of columns) w.writeLine(columnSpec(ctx, c) + ',')
            }).writeLine('],')
          }
          w.writeLine(`primaryKey: [${pk.map((c) => `'${c.tsName}'`).join(', ')}],`)
          const keyLists = keys.map((key) => `[${key.map((k) => `'${k}'`).join(', ')}]`)
          // Two or more keys of two or more columns: one per line (prettier's rule for such arrays).
          if (keys.length > 1 && keys.every((key) => key.length > 1)) {
            w.write('uniqueKeys: [').indent(() => keyLists.forEach((key) => w.writeLine(`${key},`))).writeLine('],')
          } else w.writeLine(`uniqueKeys: [${keyLists.join(', ')}],`)
          w.writeLine(`decode: ${names.decode},`)
          w.writeLine(`decodeJson: ${names.decodeJson},`)
          if (relations.length > 0) {
            w.write('relations: ').inlineBlock(() => {
              for (const { relation, target, names: targetNames } of relations) {
                const parts = [`kind: '${relation.kind}'`, `target: () => ${targetNames.meta}`]
                if (relation.kind === 'one' && relation.nullable) parts.push('nullable: true')
                if (relation.through) {
                  const side = (t: TableModel, pairs: typeof relation.through.source) =>
                    `[${pairs.map(([key, column]) => `['${keyOf(t, key)}', ${quote(column)}]`).join(', ')}]`
                  parts.push(
                    `through: { table: ${quote(relation.through.table)}, source: ${side(table, relation.through.source)}, target: ${side(target, relation.through.target)} }`,
                  )
                } else {
                  parts.push(`on: [${relation.on.map(([from, to]) => `['${keyOf(table, from)}', '${keyOf(target, to)}']`).join(', ')}]`)
                }
                w.writeLine(`${relation.name}: { ${parts.join(', ')} },`)
              }
            }).write(',').newLine()
          }
          w.writeLine(`insertSchema: ${names.insertSchema},`)
          w.writeLine(`patchSchema: ${names.patchSchema},`)
        }).write(')')
      },
      `Metadata the runtime client of \`${quotedTable}\` runs on.`,
      // Annotated: relation thunks refer to other tables (and this one), which would make the type circular.
      `TableMeta<${names.row}>`,
    ),
  )
  return statements
}

function permutations(items: readonly string[]): string[][] {
  if (items.length <= 1) return [[...items]]
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]))
}

/** A column's metadata, leaving out what is the usual (same SQL name, scalar, NOT NULL, no default). */
function columnSpec(ctx: EmitContext, c: ColumnModel): string {
  const parts = [`key: '${c.tsName}'`]
  if (c.name !== c.tsName) parts.push(`column: ${quote(c.name)}`)
  parts.push(`type: '${pgTypeOf(c.type.name)}'`)
  if (c.type.dimensions > 0) parts.push(`dimensions: ${c.type.dimensions}`)
  if (c.nullable) parts.push('nullable: true')
  if (hasDefault(c)) parts.push('hasDefault: true')
  if (c.type.name === 'enum') {
    const e = enumOf(ctx.model, c)
    parts.push(`enumName: ${quote(e.name)}`, `enumValues: ${enumValuesName(e.tsName)}`)
  }
  return `{ ${parts.join(', ')} }`
}

/**
 * `export const name: type = initializer`, written out rather than as a ts-morph variable
 * structure, whose printer indents every line after the first of a multi-line initializer.
 */
function constStatement(name: string, initializer: string | WriterFunction, doc?: string, type?: string): WriterFunction {
  return (w) => {
    if (doc) w.writeLine(`/** ${doc} */`)
    w.write(`export const ${name}${type ? `: ${type}` : ''} = `)
    if (typeof initializer === 'string') w.write(initializer)
    else initializer(w)
  }
}
