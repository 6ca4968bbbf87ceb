/**
 * Loading schema files: the built CLI strips their types (ts-blank-space, or transpileModule
 * for what blanking cannot express) and imports them, in a consumer project.
 */
import { afterEach, expect, it } from 'vitest'
import { TempProject } from '../support/project.js'

const projects: TempProject[] = []
function project(files: Record<string, string>): TempProject {
  const p = new TempProject(files)
  projects.push(p)
  return p
}
afterEach(() => {
  for (const p of projects.splice(0)) p.remove()
})

it('an import read only as a type is dropped, though a parameter of the same name is read as a value', () => {
  const p = project({
    'schema/types.ts': 'export interface Book { title: string; pages: number }\n',
    'schema/books.schema.ts': `
import { table, t } from 'dbridge/schema'
import { Book } from './types'

export const books = table('books', {
  id: t.serial().primaryKey(),
  details: t.jsonb<Book>(),
})

export function titleOf(Book: Book): string {
  return Book.title
}
`,
  })
  const { code, stdout, stderr } = p.run(['generate'])
  expect(stderr).toBe('')
  expect(code).toBe(0)
  expect(stdout).toMatch(/generated 1 table/)
  expect(p.read('generated/books.ts')).toMatch(/details: Book\b/)
})

it('a line starting with ( after an `as` assertion does not call what the assertion ended with', () => {
  const p = project({
    'schema/books.schema.ts': `
import { table, t } from 'dbridge/schema'

const a: unknown = 321
let b = a as number
(b)

export const books = table('books', {
  id: t.serial().primaryKey(),
  title: t.text().max(b),
})
`,
  })
  const { code, stderr } = p.run(['generate'])
  expect(stderr).toBe('')
  expect(code).toBe(0)
  expect(p.read('generated/schema.sql')).toMatch(/char_length\("title"\) <= 321/)
})

it('a schema file with an enum, which blanking cannot express, is transpiled and loads', () => {
  const p = project({
    'schema/books.schema.ts': `
import { table, t } from 'dbridge/schema'

enum Limit { Title = 77 }

export const books = table('books', {
  id: t.serial().primaryKey(),
  title: t.text().max(Limit.Title),
})
`,
  })
  const { code, stderr } = p.run(['generate'])
  expect(stderr).toBe('')
  expect(code).toBe(0)
  expect(p.read('generated/schema.sql')).toMatch(/char_length\("title"\) <= 77/)
})

it('a cold run loads one TypeScript compiler: ts-blank-space is given the one bundled with ts-morph', () => {
  const p = project({
    'schema/books.schema.ts': `
import { table, t } from 'dbridge/schema'
export const books = table('books', { id: t.serial().primaryKey(), title: t.text() as ReturnType<typeof t.text> })
`,
    'report-compilers.cjs': `
process.on('exit', () => {
  const compilers = Object.keys(require.cache).filter((file) => /[\\\\/]typescript(\\.js$|[\\\\/]lib[\\\\/])/.test(file))
  process.stderr.write('compilers: ' + JSON.stringify(compilers) + '\\n')
})
`,
  })
  const { code, stderr } = p.run(['generate'], { NODE_OPTIONS: `--require ${p.path('report-compilers.cjs')}` })
  expect(code).toBe(0)
  const compilers = JSON.parse(/compilers: (.*)/.exec(stderr)![1]!) as string[]
  expect(compilers).toHaveLength(1)
  expect(compilers[0]).toMatch(/@ts-morph[\\/]common[\\/]dist[\\/]typescript\.js$/)
})
