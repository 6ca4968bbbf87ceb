/**
 * The generator lays most statements out itself (generator/layout.ts) and leaves the rest
 * to prettier. Whatever the mix, every generated module must be exactly what prettier
 * makes of it: checked on the committed clients, on a synthetic schema, and on a schema
 * built to hit the cases the layout leaves to prettier.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as prettier from 'prettier'
import { afterAll, describe, expect, it } from 'vitest'
import { prettierOptions } from '../../generator/format.js'
import { writeSyntheticProject } from '../../bench/synthetic-schema.js'
import { repoRoot, TempProject } from '../support/project.js'

async function expectPrettierStable(dir: string): Promise<number> {
  const files = readdirSync(dir).filter((name) => name.endsWith('.ts'))
  for (const name of files) {
    const text = readFileSync(join(dir, name), 'utf8')
    const formatted = await prettier.format(text, prettierOptions)
    expect(text, `${dir}/${name} differs from prettier's output`).toBe(formatted)
  }
  return files.length
}

describe('generated modules are laid out exactly as prettier does', () => {
  const projects: TempProject[] = []
  afterAll(() => projects.forEach((project) => project.remove()))

  for (const dir of ['generated', 'test/fixtures/all-types/generated', 'test/fixtures/hostile/generated', 'test/fixtures/relations/generated']) {
    it(dir, async () => {
      expect(await expectPrettierStable(join(repoRoot, dir))).toBeGreaterThan(2)
    })
  }

  it('a synthetic schema of 30 tables', async () => {
    const project = new TempProject()
    projects.push(project)
    writeSyntheticProject(project.dir, 30, repoRoot)
    const result = project.run(['generate'])
    expect(result.stderr).toBe('')
    expect(await expectPrettierStable(project.path('generated'))).toBe(32)
  })

  it('random schemas (seeded)', async () => {
    const files: Record<string, string> = {}
    for (const seed of [11, 23, 37, 41, 53]) files[`schema/random${seed}.schema.ts`] = randomSchema(seed, 6)
    const project = new TempProject(files)
    projects.push(project)
    const result = project.run(['generate'])
    expect(result.stderr).toBe('')
    expect(await expectPrettierStable(project.path('generated'))).toBe(32)
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
    expect(await expectPrettierStable(project.path('generated'))).toBeGreaterThanOrEqual(7)
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

