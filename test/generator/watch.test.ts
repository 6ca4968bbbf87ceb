/** `dbridge generate --watch`: regenerates on change, survives a broken schema. */
import { afterEach, expect, it } from 'vitest'
import { serverUrl } from '../support/database.js'
import { TempProject } from '../support/project.js'

const authors = `import { table, t } from 'dbridge/schema'
export const authors = table('authors', { id: t.serial().primaryKey(), name: t.text() })
`
const books = (extra = '') => `import { table, t } from 'dbridge/schema'
import { authors } from './authors.schema'
export const books = table('books', { id: t.serial().primaryKey(), authorId: t.integer().references(() => authors.id)${extra} })
`

let project: TempProject | undefined
let stop: (() => void) | undefined
afterEach(() => {
  stop?.()
  project?.remove()
})

it('regenerates after an edit, reports a broken file and keeps watching', async () => {
  project = new TempProject({ 'schema/authors.schema.ts': authors, 'schema/books.schema.ts': books() })
  const watch = project.start(['generate', '--watch'])
  stop = () => watch.child.kill('SIGINT')
  await watch.waitFor((o) => o.stdout.includes('watching'))
  expect(watch.output().stdout).toMatch(/generated 2 tables into generated: 4 written/)
  const authorsWritten = project.mtime('generated/authors.ts')

  project.write('schema/books.schema.ts', books(', title: t.text()'))
  await watch.waitFor(() => project!.read('generated/books.ts').includes('title: string'))
  await watch.waitFor((o) => /2 written, 2 unchanged/.test(o.stdout))
  expect(project.mtime('generated/authors.ts')).toBe(authorsWritten)

  project.write('schema/books.schema.ts', books(', title: t.text(,'))
  await watch.waitFor((o) => /books\.schema\.ts: could not load the file: syntax error/.test(o.stderr) && o.stderr.includes('watching for changes'))
  expect(watch.child.exitCode).toBeNull()
  expect(project.read('generated/books.ts')).toContain('title: string')

  project.write('schema/books.schema.ts', books(', subtitle: t.text().nullable()'))
  await watch.waitFor(() => project!.read('generated/books.ts').includes('subtitle: string | null'))
  expect(project.read('generated/books.ts')).not.toContain('title: string\n')

  watch.child.kill('SIGINT')
  await new Promise((resolve) => watch.child.once('exit', resolve))
  expect(watch.child.exitCode).toBe(0)
})

it('regenerates the typed queries after a .sql file is edited, and reports a statement PostgreSQL rejects', async () => {
  project = new TempProject({
    'dbridge.config.ts': "import { defineConfig } from 'dbridge/config'\nexport default defineConfig({ queries: ['queries/*.sql'] })\n",
    'schema/authors.schema.ts': authors,
    'queries/authors.sql': '-- name: authorNames :many\nselect name from authors;\n',
  })
  const watch = project.start(['generate', '--watch'], { DATABASE_URL: serverUrl() })
  stop = () => watch.child.kill('SIGINT')
  await watch.waitFor((o) => o.stdout.includes('watching'))
  expect(project.read('generated/queries.ts')).toMatch(/export interface AuthorNamesRow \{\n  name: string\n\}/)

  project.write('queries/authors.sql', '-- name: authorNames :many\nselect id, name from authors;\n')
  await watch.waitFor(() => /export interface AuthorNamesRow \{\n  id: number\n  name: string\n\}/.test(project!.read('generated/queries.ts')))

  project.write('queries/authors.sql', '-- name: authorNames :many\nselect id, nmae from authors;\n')
  await watch.waitFor((o) => /queries\/authors\.sql:2:12: query authorNames: PostgreSQL rejects it: column "nmae" does not exist/.test(o.stderr))
  expect(watch.child.exitCode).toBeNull()
  expect(project.read('generated/queries.ts')).toContain('id: number')
  watch.child.kill('SIGINT')
  await new Promise((resolve) => watch.child.once('exit', resolve))
})
