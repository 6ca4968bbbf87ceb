/**
 * The generator writes every module in its final layout itself (generator/emit/module.ts),
 * without prettier. prettier stays the oracle: with the project's options it must leave
 * every generated module exactly as it is. Checked on the committed clients, on whole
 * projects through the CLI (a synthetic schema, seeded random schemas, awkward shapes), on
 * a sweep of name lengths that puts lines at exactly the print width and one column past
 * it, and on random schemas from fast-check (names of every length, every column type,
 * long unions and conflict targets, enum values with quotes and non-ASCII text, deep json
 * types written in every style).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import * as prettier from 'prettier'
import { afterAll, describe, expect, it } from 'vitest'
import { enumType, index, manyToMany, primaryKey, t, table, unique, type AnyColumn, type AnyTable, type ManyToMany } from 'dbridge/schema'
import { prettierOptions } from '../../generator/emit/format.js'
import { normalize, type LoadedFile } from '../../generator/model/normalize.js'
import { plan } from '../../generator/emit/plan.js'
import { validate } from '../../generator/model/validate.js'
import { printWidth } from '../../generator/emit/module.js'
import { writeSyntheticProject } from '../../bench/synthetic-schema.js'
import { repoRoot, TempProject } from '../support/project.js'

async function expectPrettierStable(path: string, text: string): Promise<void> {
  const formatted = await prettier.format(text, prettierOptions)
  if (text !== formatted) expect(text, `${path} differs from prettier's output`).toBe(formatted)
}

async function expectDirectoryStable(dir: string): Promise<number> {
  const files = readdirSync(dir).filter((name) => name.endsWith('.ts'))
  for (const name of files) await expectPrettierStable(join(dir, name), readFileSync(join(dir, name), 'utf8'))
  return files.length
}

interface SchemaFile {
  rel: string
  exports: Record<string, unknown>
  /** `exportName.columnKey` -> the type text written in `t.jsonb<...>()`. */
  jsonTypes?: Record<string, string>
}

/** Emits the TypeScript modules of a schema, in process (no files, no CLI): path -> text. */
function emitModules(files: readonly SchemaFile[], links: readonly ManyToMany[] = []): Map<string, string> {
  const loaded: LoadedFile[] = files.map((file) => ({
    rel: file.rel,
    exports: file.exports,
    info: {
      jsonTypes: new Map(Object.entries(file.jsonTypes ?? {}).map(([key, text]) => [key, { text, imports: [] }])),
      declaredExports: new Set(Object.keys(file.exports)),
    },
  }))
  const { model, diagnostics } = normalize({ files: loaded, manyToMany: links, casing: 'snake_case' })
  const problems = [...diagnostics, ...validate(model)]
  if (problems.length > 0) throw new Error(`the test built an invalid schema: ${JSON.stringify(problems, null, 2)}`)
  const units = plan({ model, root: '/project', outDir: '/project/generated' })
  return new Map(units.filter((unit) => unit.path.endsWith('.ts')).map((unit) => [unit.path, unit.emit()]))
}

async function expectModulesStable(modules: ReadonlyMap<string, string>): Promise<void> {
  for (const [path, text] of modules) await expectPrettierStable(path, text)
}

describe('committed clients', () => {
  for (const dir of ['generated', 'test/fixtures/all-types/generated', 'test/fixtures/hostile/generated', 'test/fixtures/relations/generated']) {
    it(dir, async () => {
      expect(await expectDirectoryStable(join(repoRoot, dir))).toBeGreaterThan(2)
    })
  }
})

describe('whole projects through the CLI', () => {
  const projects: TempProject[] = []
  afterAll(() => projects.forEach((project) => project.remove()))

  it('a synthetic schema of 30 tables', async () => {
    const project = new TempProject()
    projects.push(project)
    writeSyntheticProject(project.dir, 30, repoRoot)
    const result = project.run(['generate'])
    expect(result.stderr).toBe('')
    expect(await expectDirectoryStable(project.path('generated'))).toBe(32)
  })

  it('random schemas (seeded)', async () => {
    const files: Record<string, string> = {}
    for (const seed of [11, 23, 37, 41, 53]) files[`schema/random${seed}.schema.ts`] = randomSchema(seed, 6)
    const project = new TempProject(files)
    projects.push(project)
    const result = project.run(['generate'])
    expect(result.stderr).toBe('')
    expect(await expectDirectoryStable(project.path('generated'))).toBe(32)
  })

  it('a schema of awkward shapes (long lines, quotes, composite keys, odd type text)', async () => {
    const project = new TempProject({
      'schema/awkward.schema.ts': `
import { table, t, enumType, index, primaryKey, unique, foreignKey, manyToMany } from 'dbridge/schema'
import type { Shape } from './shape.ts'

export const quoted = enumType('quoted_values', ["it's", 'say "hi"', 'back\\\\slash', 'plain', 'another_rather_long_value', 'and_one_more_long_value'])
export const mood = enumType('mood', ['happy', 'sad'])

export const aTableWithAnExtremelyLongNameForTestingLineWidths = table('long_named_parents', {
  id: t.integer().primaryKey(),
  region: t.integer(),
  anotherColumnWithAVeryLongNameIndeed: t.enum(quoted).default('plain'),
  moodsOfTheDayAcrossTheWholeYear: t.enum(mood).array().default([]),
  ratio: t.doublePrecision().min(1e-7).max(1e21),
  code: t.text().regex(/^a\\/b[/]?$/i),
  note: t.varchar(20).nullable(),
  doc: t.jsonb<{a:string,  b?: Shape['kind'] | Array<"x" | 'y'>}>().nullable(),
  nested: t.jsonb<{
    deeply: { nested: { value: number; other: string; yetAnother: boolean; andMore: string[]; last: Date | null } }
  }>(),
  price: t.numeric(30, 10).min(-1000000000000).max(1000000000000),
  prices: t.numeric(8, 2).array().length({ max: 3 }),
}, (x) => [unique(x.id, x.region), unique(x.region, x.code), unique(x.note, x.region), index(x.region, x.note)])

export const child = table('child_rows', {
  id: t.bigserial().primaryKey(),
  parentId: t.integer(),
  parentRegion: t.integer(),
}, (c) => [foreignKey([c.parentId, c.parentRegion], () => [aTableWithAnExtremelyLongNameForTestingLineWidths.id, aTableWithAnExtremelyLongNameForTestingLineWidths.region])])

export const tags = table('tag_rows', {
  id: t.integer().primaryKey(),
  label: t.text(),
}, (g) => [primaryKey(g.id)].slice(1))

manyToMany(aTableWithAnExtremelyLongNameForTestingLineWidths, tags)

export const single = table('single_column', { id: t.integer().primaryKey() })
export const keyless = table('keyless', { feeling: t.enum(mood) })
export const wideSingle = table('wide_single', {
  theOnlyColumnWithAVeryLongNameThatPushesTheLineOverTheLimit: t.enum(quoted).array().default([]).dbName('the_only_column_with_a_long_sql_name'),
})
`,
      'schema/shape.ts': `export interface Shape { kind: 'circle' | 'square' }\n`,
    })
    projects.push(project)
    const result = project.run(['generate'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(await expectDirectoryStable(project.path('generated'))).toBeGreaterThanOrEqual(7)
  })
})

describe('the print width boundary', () => {
  it('names of every length from 1 to 72 put lines at exactly the print width and just past it', async () => {
    const letters = (n: number, seed: string) => (seed + 'abcdefghijklmnopqrstuvwxyz'.repeat(3)).slice(0, n)
    const exports: Record<string, unknown> = {}
    const jsonTypes: Record<string, string> = {}
    const enums = [1, 2, 3, 5, 8, 13].map((n) => enumType(`choice_${n}`, Array.from({ length: n }, (_, i) => `${letters(10 + i * 3, 'v')}${i}`) as [string, ...string[]]))
    enums.forEach((e, i) => (exports[`choice${i}`] = e))
    let previous: AnyTable | undefined
    for (let n = 1; n <= 72; n++) {
      // Ending in a digit: no two names share a singular.
      const name = n === 1 ? 'e' : `${letters(n - 1, 'e')}${n % 10}`
      const columns: Record<string, AnyColumn> = {
        id: t.serial().primaryKey(),
        // Long TypeScript names, short SQL names (PostgreSQL's limit is 63 bytes).
        [letters(n, 'c')]: t.text().nullable().dbName('c'),
        [`${letters(Math.max(1, 60 - n), 'k')}1`]: t.integer().dbName('k'),
        [`${letters(Math.max(1, 40 - (n % 40)), 'm')}2`]: t.varchar(n + 5).dbName('m'),
        state: t.enum(enums[n % enums.length]!).array().default([]),
        doc: t.jsonb().nullable(),
        amount: t.numeric(20, n % 10).min(-n).max(10 ** (n % 18)),
        ratio: t.doublePrecision().min(n / 7).nullable(),
      }
      jsonTypes[`${name}.doc`] = `{ ${letters(n, 'p')}: string[]; count?: number; nested: { ${letters(72 - n + 1, 'q')}: 'a' | 'b' | 'c' } }`
      const parent = previous as unknown as { id: AnyColumn } | undefined
      if (parent) columns[`${letters(n, 'r')}Id`] = t.integer().references(() => parent.id).nullable().dbName('r_id')
      const keys = Object.keys(columns).slice(1, 4)
      const made = table(`edge_${n}`, columns, (x) => [unique(x[keys[0]!]!, x[keys[1]!]!, x[keys[2]!]!)])
      exports[name] = made
      previous = made
    }
    const modules = emitModules([{ rel: 'schema/edges.schema.ts', exports, jsonTypes }])
    await expectModulesStable(modules)
    const lengths = new Set([...modules.values()].flatMap((text) => text.split('\n').map((line) => line.length)))
    expect(lengths.has(printWidth)).toBe(true)
    expect(lengths.has(printWidth - 1)).toBe(true)
  })

  it('text of every width (wide, combining, emoji) at the print width boundary', async () => {
    const exports: Record<string, unknown> = {}
    for (const [i, character] of ['漢', 'e\u0301', '😀', '❤️', '👍🏽', '🇫🇷', '👨‍👩‍👧', '©', '✓', 'ｗ'].entries()) {
      for (let k = 0; k < 44; k++) {
        // `export type E = 'aaa…' | '…'` from well inside the print width to well past it (on its line, then on
        // the next), one column at a time. (PostgreSQL takes enum values of up to 63 bytes.)
        const half = (n: number) => 'a'.repeat(5 + Math.floor(n))
        const values = [`${half(k / 2 + 0.5)}${character}`, half(k / 2), ...Array.from({ length: 4 }, (_, v) => `${character.repeat(2)}${v}`)]
        exports[`e${i}x${k}`] = enumType(`e_${i}_${k}`, values as [string, ...string[]])
      }
    }
    exports.holder = table('holder', { id: t.serial().primaryKey() })
    await expectModulesStable(emitModules([{ rel: 'schema/wide.schema.ts', exports }]))
  })

  it('an index of many tables, and imports of many relations', async () => {
    const hub = table('hub', { id: t.serial().primaryKey() })
    const exports: Record<string, unknown> = { hubWithAQuiteLongExportNameForTheImports: hub }
    for (let i = 0; i < 40; i++) {
      exports[`spoke${i}WithSomeWordsToLengthenTheName`] = table(`spoke_${i}`, { id: t.serial().primaryKey(), hubId: t.integer().references(() => hub.id) })
    }
    await expectModulesStable(emitModules([{ rel: 'schema/hub.schema.ts', exports }]))
  })

  it('header comments with special characters in source paths', async () => {
    for (const rel of ['schema/a */ b.schema.ts', 'schema/ünïcödé ✓ 漢字.schema.ts', 'schema/$`${x}`\\back.schema.ts', 'schema/line\u2028separator.schema.ts']) {
      const modules = emitModules([{ rel, exports: { things: table('things', { id: t.serial().primaryKey() }), mood: enumType('mood', ['a']) } }])
      await expectModulesStable(modules)
    }
  })
})

// ---------------------------------------------------------------------------------------
// fast-check: random schemas

const identifierTail = fc.stringMatching(/^[a-z0-9]{0,40}$/)
/** Column types, by what they are called in a schema file. */
const builders = {
  smallint: () => t.smallint(),
  integer: () => t.integer(),
  bigint: () => t.bigint(),
  serial: () => t.serial(),
  bigserial: () => t.bigserial(),
  real: () => t.real(),
  doublePrecision: () => t.doublePrecision(),
  numeric: () => t.numeric(),
  'numeric(10, 2)': () => t.numeric(10, 2),
  boolean: () => t.boolean(),
  text: () => t.text(),
  'varchar(30)': () => t.varchar(30),
  'char(2)': () => t.char(2),
  citext: () => t.citext(),
  uuid: () => t.uuid(),
  date: () => t.date(),
  time: () => t.time(),
  timestamp: () => t.timestamp(),
  timestamptz: () => t.timestamptz(),
  interval: () => t.interval(),
  json: () => t.json(),
  jsonb: () => t.jsonb(),
  bytea: () => t.bytea(),
  inet: () => t.inet(),
  enum: null,
} as const
type TypeLabel = keyof typeof builders
const typeLabels = Object.keys(builders) as TypeLabel[]

/** A TypeScript string literal for `value`, in either quote. */
const stringLiteralText = fc
  .tuple(fc.string({ unit: fc.oneof(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), fc.constantFrom('é', '漢', '😀', '\u0301')), maxLength: 12 }), fc.boolean())
  .map(([value, single]) => (single ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : JSON.stringify(value)))

const typeKey = fc.oneof(fc.stringMatching(/^[a-zA-Z_$][a-zA-Z0-9_$]{0,24}$/), stringLiteralText, fc.constantFrom('1', '2.50', 'default', 'readonly'))

/** The text of a json type, written the way people write them (spacing, separators, quotes, newlines). */
const jsonTypeText: fc.Arbitrary<string> = fc.letrec<{ type: string; object: string }>((tie) => ({
  type: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('string', 'number', 'boolean', 'null', 'unknown', 'Date', 'true', '-1', '1e3', '0.50'),
    stringLiteralText,
    tie('object'),
    // Not of a negative number: prettier writes `(-1)[]` as `-1[]`, which does not parse (the generator keeps the parentheses).
    tie('type').filter((type) => !/^-\d/.test(type)).map((type) => `(${type})[]`),
    fc.tuple(fc.constantFrom('Array', 'ReadonlyArray', 'Partial', 'Readonly'), tie('type')).map(([name, type]) => `${name}<${type}>`),
    tie('type').map((type) => `Record<string, ${type}>`),
    fc.array(tie('type'), { minLength: 2, maxLength: 5 }).map((types) => types.join(' | ')),
    fc.array(tie('object'), { minLength: 2, maxLength: 3 }).map((types) => types.join(' & ')),
    fc.array(tie('type'), { maxLength: 4 }).map((types) => `[${types.join(', ')}]`),
  ),
  object: fc
    .tuple(
      fc.uniqueArray(fc.tuple(typeKey, fc.boolean(), fc.boolean(), tie('type')), { maxLength: 5, selector: ([key]) => key.replace(/^['"]|['"]$/g, '') }),
      fc.constantFrom('; ', ', ', ';\n  ', '\n  '),
      fc.boolean(),
      fc.boolean(),
    )
    .map(([members, separator, newline, index]) => {
      const parts = members.map(([key, optional, readonly, type]) => `${readonly ? 'readonly ' : ''}${key}${optional ? '?' : ''}: ${type}`)
      // First: babel (prettier's parser) reads `a: -1` then `[key: string]: ...` on the next line as one expression.
      if (index) parts.unshift('[key: string]: unknown')
      if (parts.length === 0) return '{}'
      return newline ? `{\n  ${parts.join(separator.includes('\n') ? separator : ';\n  ')}\n}` : `{ ${parts.join(separator.includes('\n') ? '; ' : separator)} }`
    }),
})).type

const enumValue = fc
  .string({ unit: fc.oneof(fc.constantFrom("'", '"', '\\', '\n', '`', '$', '{', '}', '*/', ' ', 'é', '漢', '✓', '😀'), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 20 })
  .filter((value) => Buffer.byteLength(value) <= 63 && !value.includes('\0'))

interface ColumnPlan {
  name: string
  type: TypeLabel
  array: boolean
  nullable: boolean
  defaulted: boolean
  bounds: [number, number] | null
  json: string | null
  validator: 'email' | 'url' | RegExp | null
}

const columnPlan: fc.Arbitrary<ColumnPlan> = fc.record({
  name: fc.stringMatching(/^[a-z0-9]{0,75}$/).map((tail) => `c${tail}`),
  type: fc.constantFrom(...typeLabels),
  array: fc.boolean(),
  nullable: fc.boolean(),
  defaulted: fc.boolean(),
  bounds: fc.option(fc.tuple(fc.constantFrom(-5, 0, 0.5, 1e-7, 3), fc.constantFrom(10, 99.5, 1e6, 1e21)), { nil: null }),
  json: fc.option(jsonTypeText, { nil: null }),
  validator: fc.constantFrom(null, 'email' as const, 'url' as const, /^[a-z]+$/i, /^a\/b[/]?$/, /x/, /^\d{3}-\d{4}$/u),
})

const tablePlan = fc.record({
  exportName: identifierTail.map((tail) => `tb${tail}`),
  key: fc.constantFrom('serial', 'bigint', 'uuid', 'composite', 'none'),
  columns: fc.uniqueArray(columnPlan, { minLength: 1, maxLength: 30, selector: (c) => c.name }),
  uniqueCount: fc.integer({ min: 0, max: 4 }),
  parent: fc.boolean(),
})

const schemaPlan = fc.record({
  enumValues: fc.uniqueArray(enumValue, { minLength: 1, maxLength: 12 }),
  tables: fc.uniqueArray(tablePlan, { minLength: 1, maxLength: 4, selector: (t) => t.exportName }),
  link: fc.boolean(),
})

const isJson = (plan: ColumnPlan) => plan.type === 'json' || plan.type === 'jsonb'
const isSerial = (plan: ColumnPlan) => plan.type === 'serial' || plan.type === 'bigserial'
/** Columns a key can be made of: scalar, NOT NULL, comparable. */
const isKeyable = (plan: ColumnPlan) => !plan.array && !plan.nullable && !isJson(plan) && plan.type !== 'bytea'

type SchemaPlan = typeof schemaPlan extends fc.Arbitrary<infer T> ? T : never

function column(plan: ColumnPlan, mood: ReturnType<typeof enumType>): AnyColumn {
  const serial = isSerial(plan)
  const numeric = /smallint|integer|bigint|real|doublePrecision|numeric/.test(plan.type)
  const text = /text|varchar|char|citext/.test(plan.type)
  const build = builders[plan.type]
  let c = (build ? build() : t.enum(mood)) as AnyColumn & Record<string, (...args: unknown[]) => AnyColumn>
  const array = plan.array && !serial
  if (!array && plan.bounds && numeric && !serial) {
    const [min, max] = plan.bounds
    const integer = /smallint|integer|bigint/.test(plan.type)
    c = c.min!(integer ? Math.trunc(min) : min) as typeof c
    c = c.max!(plan.type === 'smallint' ? 30000 : plan.type === 'integer' && max > 2 ** 31 ? 1000 : max) as typeof c
  }
  if (!array && plan.bounds && text) c = c.length!({ min: 1, max: 40 }) as typeof c
  if (!array && text && plan.validator) c = (plan.validator instanceof RegExp ? c.regex!(plan.validator) : c[plan.validator]!()) as typeof c
  if (array) c = c.array!() as typeof c
  if (array && plan.bounds) c = c.length!({ max: 3 }) as typeof c
  if (plan.nullable && !serial) c = c.nullable!() as typeof c
  if (plan.defaulted && array) c = c.default!([]) as typeof c
  // PostgreSQL's names end at 63 bytes; TypeScript's do not.
  if (plan.name.length > 50) c = c.dbName!(plan.name.slice(0, 50)) as typeof c
  return c
}

function buildSchema(plan: SchemaPlan): { file: SchemaFile; links: ManyToMany[] } {
  const mood = enumType('mood', plan.enumValues as [string, ...string[]])
  const exports: Record<string, unknown> = { mood }
  const jsonTypes: Record<string, string> = {}
  const made: AnyTable[] = []
  plan.tables.forEach((tp, i) => {
    const columns: Record<string, AnyColumn> = {}
    if (tp.key === 'serial') columns.id = t.serial().primaryKey()
    if (tp.key === 'bigint') columns.id = t.bigint().primaryKey()
    if (tp.key === 'uuid') columns.id = t.uuid().primaryKey().defaultRandom()
    const exportName = `${tp.exportName}${i}`
    for (const cp of tp.columns) {
      columns[cp.name] = column(cp, mood)
      // (Not an array of a negative number: prettier drops the parentheses of `(-1)[]`.)
      if (cp.json && isJson(cp) && !(cp.array && /^-\d/.test(cp.json))) jsonTypes[`${exportName}.${cp.name}`] = cp.json
    }
    const parent = made.find((m) => (m as unknown as Record<string, AnyColumn>).id !== undefined && plan.tables[made.indexOf(m)]!.key === 'serial')
    if (tp.parent && parent) columns.parentId = t.integer().references(() => (parent as unknown as { id: AnyColumn }).id).nullable()
    const names = tp.columns.filter(isKeyable).map((c) => c.name)
    const extras = (x: Record<string, AnyColumn>) => {
      const list = []
      if (tp.key === 'composite' && names.length >= 2) list.push(primaryKey(x[names[0]!]!, x[names[1]!]!))
      for (let u = 0; u < tp.uniqueCount && names.length > u + 1; u++) list.push(unique(...names.slice(u, u + 1 + (u % 3) + 1).map((name) => x[name]!)))
      if (names.length > 0) list.push(index(x[names[0]!]!))
      return list
    }
    const result = table(`tbl_${i}`, columns, extras as never)
    exports[exportName] = result
    made.push(result)
  })
  const keyed = made.filter((_, i) => plan.tables[i]!.key === 'serial')
  const links = plan.link && keyed.length >= 2 ? [manyToMany(keyed[0]!, keyed[1]!, { name: 'linkedThroughTheJoinTable', inverse: 'linkedBackThroughTheJoinTable' })] : []
  return { file: { rel: 'schema/random.schema.ts', exports, jsonTypes }, links }
}

describe('random schemas (fast-check)', () => {
  it('every emitted module is what prettier makes of it', async () => {
    await fc.assert(
      fc.asyncProperty(schemaPlan, async (plan) => {
        const { file, links } = buildSchema(plan)
        await expectModulesStable(emitModules([file], links))
      }),
      { numRuns: Number(process.env.ORACLE_RUNS ?? 40) },
    )
  })
})

/**
 * A schema file of random tables (seeded, so a failure reproduces): every column type,
 * arrays, nullability, bounds, validators, enums, foreign keys, composite uniques, names
 * of every length.
 */
function randomSchema(seed: number, tables: number): string {
  let state = seed
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const types = [
    't.integer()', 't.bigint()', 't.smallint()', 't.text()', 't.varchar(40)', 't.char(3)', 't.numeric(10, 2)', 't.numeric()',
    't.boolean()', 't.uuid()', 't.date()', 't.timestamp()', 't.timestamptz()', 't.jsonb()', 't.json()', 't.bytea()',
    't.doublePrecision()', 't.real()', 't.enum(mood)', 't.enum(longEnum)', 't.jsonb<{ a: number; b?: string[] }>()',
    't.citext()', 't.inet()', 't.interval()', 't.time()',
  ]
  const columnName = (i: number) => pick(['x', 'value', 'someLongerColumnName', 'anExtraordinarilyLongColumnNameForWrapping', 'total']) + i
  let source = `import { table, t, enumType, index, unique } from 'dbridge/schema'
export const mood = enumType('mood_${seed}', ['happy', 'sad'])
export const longEnum = enumType('a_fairly_long_enum_type_name_${seed}', ['first_value_here', 'second_value_here', 'third_value_here', 'fourth', 'fifth'])
`
  for (let i = 0; i < tables; i++) {
    const columns: string[] = []
    const count = 1 + Math.floor(random() * 14)
    for (let c = 0; c < count; c++) {
      if (c === 0 && random() < 0.7) {
        columns.push(`${columnName(c)}: ${pick(['t.integer()', 't.bigserial()', 't.uuid().defaultRandom()', 't.serial()'])}.primaryKey()`)
        continue
      }
      if (i > 0 && random() < 0.2) {
        columns.push(`${columnName(c)}Ref: t.integer().references(() => t${seed}_${i - 1}.ref, { name: 'rel${c}', inverse: 'inverse${c}' })${random() < 0.5 ? '.nullable()' : ''}`)
        continue
      }
      let type = pick(types)
      const array = random() < 0.15 && !type.includes('json')
      if (array) type += '.array()'
      if (random() < 0.4) type += '.nullable()'
      if (!array && /^t\.(integer|bigint|doublePrecision)\(\)/.test(type) && random() < 0.5) type += pick(['.min(0).max(1000000)', '.min(-5)', '.max(1e21)'])
      if (!array && type.startsWith('t.numeric(10') && random() < 0.5) type += '.min(-5).max(99999999)'
      if (!array && type.startsWith('t.text()') && random() < 0.5) type += pick(['.regex(/^[a-z]+$/i)', '.email()', '.length({ min: 1, max: 300 })', '.url()'])
      columns.push(`${columnName(c)}: ${type}`)
    }
    columns.push('ref: t.integer().unique()')
    const last = columns[columns.length - 2]!.split(':')[0]!
    const extras = random() < 0.5 ? `, (x) => [index(x.ref), unique(x.ref, x.${last})]` : ''
    source += `export const t${seed}_${i} = table('${pick(['t', 'table_with_a_long_name_', 'x'])}${seed}_${i}', {\n  ${columns.join(',\n  ')},\n}${extras})\n`
  }
  return source
}
