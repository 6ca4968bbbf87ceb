/**
 * Every kind of change, one version at a time: `migrate diff` writes the migration, `up`
 * applies it and the database then equals the schema files; `down` brings back exactly the
 * previous model, and `up` again the new one.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { MigrationProject, expectSameModel } from '../support/migrations.js'
import type { SchemaModel } from '../../schema/model.js'

let p: MigrationProject
let previous: SchemaModel | undefined

beforeAll(async () => {
  p = await new MigrationProject().init()
})
afterAll(async () => {
  await p?.remove()
})

/** Writes `files` as the schema, diffs, applies, checks, reverts, checks, re-applies. */
async function version(name: string, files: Record<string, string>): Promise<string> {
  p.schema(files)
  const diff = p.ok('migrate', 'diff', '--name', name, '--no-rename')
  expect(diff.stdout).toMatch(new RegExp(`wrote migrations/\\d{14}_${name}\\.sql`))
  const text = p.lastMigration()
  p.ok('migrate', 'up')
  const current = await p.expectMatchesSchema()
  if (previous) {
    p.ok('migrate', 'down')
    expectSameModel(await p.model(), previous)
    p.ok('migrate', 'up')
    expectSameModel(await p.model(), current)
  }
  expect(p.run('migrate', 'diff', '--name', 'again').stdout).toBe('no changes\n')
  previous = current
  return text
}

const authors = (extra = '') => `
export const status = enumType('author_status', ['active', 'retired'])
export const authors = table('authors', {
  id: t.serial().primaryKey(),
  name: t.text(),
  email: t.text().unique(),
  status: t.enum(status).default('active'),${extra}
})
`

it('tables, enums, keys, foreign keys and indexes are created and dropped', async () => {
  const sql = await version('init', {
    'authors.schema.ts': authors(),
    'books.schema.ts': `import { authors } from './authors.schema'
export const books = table('books', {
  id: t.bigserial().primaryKey(),
  authorId: t.integer().references(() => authors.id, { onDelete: 'cascade' }),
  title: t.text(),
  price: t.numeric(10, 2),
}, (b) => [index(b.authorId)])
`,
  })
  expect(sql).toMatch(/^-- dbridge migration: \d{14}_init\n/)
  expect(sql).toMatch(/-- up\nCREATE TYPE "author_status" AS ENUM \('active', 'retired'\);\nCREATE TABLE "authors"/)
  // Foreign keys after every table; the down part drops what up created.
  expect(sql.indexOf('ALTER TABLE "books" ADD CONSTRAINT "books_author_id_fkey"')).toBeGreaterThan(sql.indexOf('CREATE TABLE "books"'))
  expect(sql.split('-- down')[1]).toMatch(/DROP TABLE "authors", "books";\nDROP TYPE "author_status";/)
})

it('columns: added, dropped, type widened, nullability and defaults changed', async () => {
  const sql = await version('columns', {
    'authors.schema.ts': authors(`\n  bio: t.text().nullable(),`).replace("email: t.text().unique(),", ''),
    'books.schema.ts': `import { authors } from './authors.schema'
export const books = table('books', {
  id: t.bigserial().primaryKey(),
  authorId: t.integer().references(() => authors.id, { onDelete: 'cascade' }),
  title: t.text().nullable(),
  price: t.numeric(12, 2).default('0'),
  pages: t.integer().default(0),
}, (b) => [index(b.authorId)])
`,
  })
  expect(sql).toContain('ALTER TABLE "authors" ADD COLUMN "bio" text;')
  expect(sql).toContain('ALTER TABLE "authors" DROP COLUMN "email";')
  expect(sql).toContain('ALTER TABLE "books" ALTER COLUMN "price" TYPE numeric(12, 2) USING "price"::numeric(12, 2);')
  expect(sql).toContain('ALTER TABLE "books" ALTER COLUMN "title" DROP NOT NULL;')
  expect(sql).toMatch(/-- lint danger: drops column authors\.email and its data/)
})

it('constraints and indexes: primary key, unique, check, foreign key action, partial/desc/unique/multi-column indexes', async () => {
  const sql = await version('constraints', {
    'authors.schema.ts': authors(`\n  bio: t.text().nullable(),`).replace("email: t.text().unique(),", ''),
    'books.schema.ts': `import { authors } from './authors.schema'
export const books = table('books', {
  id: t.bigserial(),
  authorId: t.integer().references(() => authors.id, { onDelete: 'restrict' }),
  title: t.text().nullable(),
  price: t.numeric(12, 2).default('0'),
  pages: t.integer().default(0),
}, (b) => [
  primaryKey(b.id, b.authorId),
  unique(b.title, b.authorId),
  check('books_pages_positive', sql\`pages >= 0\`),
  index(b.authorId, b.pages),
  index(b.title).desc().where(sql\`pages > 0\`).name('books_long_titles'),
  index(b.price).unique(),
  index(sql\`to_tsvector('english', coalesce(title, ''))\`).using('gin'),
  index(sql\`lower(title)\`, b.pages),
])
`,
  })
  expect(sql).toContain('ALTER TABLE "books" DROP CONSTRAINT "books_pkey";')
  expect(sql).toContain('ALTER TABLE "books" ADD CONSTRAINT "books_pkey" PRIMARY KEY ("id", "author_id");')
  expect(sql).toContain('ALTER TABLE "books" ADD CONSTRAINT "books_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "authors" ("id") ON DELETE RESTRICT;')
  expect(sql).toContain('CREATE INDEX "books_long_titles" ON "books" ("title" DESC) WHERE (pages > 0);')
  expect(sql).toContain('CREATE UNIQUE INDEX "books_price_idx" ON "books" ("price");')
  expect(sql).toContain('DROP INDEX "books_author_id_idx";')
  // Expression indexes, named after their first function as PostgreSQL would; the expression as PostgreSQL normalizes it.
  expect(sql).toContain(`CREATE INDEX "books_to_tsvector_idx" ON "books" USING gin ((to_tsvector('english'::regconfig, COALESCE(title, ''::text))));`)
  expect(sql).toContain('CREATE INDEX "books_lower_pages_idx" ON "books" ((lower(title)), "pages");')
  expect(sql).toMatch(/-- lint warning: CREATE INDEX books_author_id_pages_idx on existing table books blocks writes/)
})

it('enums: values added in place, values removed by recreating the type, enums created and dropped', async () => {
  const sql = await version('enums', {
    'authors.schema.ts': `
export const status = enumType('author_status', ['new', 'active', 'retired', 'banned'])
export const tier = enumType('tier', ['free', 'paid'])
export const authors = table('authors', {
  id: t.serial().primaryKey(),
  name: t.text(),
  status: t.enum(status).default('active'),
  tier: t.enum(tier).array().default([]),
  bio: t.text().nullable(),
})
`,
    'books.schema.ts': `import { authors } from './authors.schema'
export const books = table('books', { id: t.bigserial().primaryKey(), authorId: t.integer().references(() => authors.id) })
`,
  })
  expect(sql).toContain(`ALTER TYPE "author_status" ADD VALUE 'new' BEFORE 'active';`)
  expect(sql).toContain(`ALTER TYPE "author_status" ADD VALUE 'banned' AFTER 'retired';`)
  expect(sql).toContain(`CREATE TYPE "tier" AS ENUM ('free', 'paid');`)
  // Down removes the added values: the type is created anew and the column converted.
  expect(sql.split('-- down')[1]).toContain('ALTER TYPE "author_status" RENAME TO "author_status__old";')

  const removal = await version('enum_removal', {
    'authors.schema.ts': `
export const status = enumType('author_status', ['active', 'retired'])
export const authors = table('authors', {
  id: t.serial().primaryKey(),
  name: t.text(),
  status: t.enum(status).default('active'),
  bio: t.text().nullable(),
})
`,
    'books.schema.ts': `import { authors } from './authors.schema'
export const books = table('books', { id: t.bigserial().primaryKey(), authorId: t.integer().references(() => authors.id) })
`,
  })
  expect(removal).toContain('ALTER TABLE "authors" ALTER COLUMN "status" TYPE "author_status" USING "status"::text::"author_status";')
  expect(removal).toContain('DROP TYPE "tier";')
  expect(removal).toMatch(/-- lint danger: enum author_status loses 'new', 'banned'/)
})

it('many-to-many join tables and circular foreign keys', async () => {
  const sql = await version('links', {
    'authors.schema.ts': `
export const status = enumType('author_status', ['active', 'retired'])
export const authors = table('authors', {
  id: t.serial().primaryKey(),
  name: t.text(),
  status: t.enum(status).default('active'),
  bio: t.text().nullable(),
  favoriteBookId: t.bigint().nullable().references((): AnyColumn => books.id, { onDelete: 'set null' }),
})
import { books } from './books.schema'
`,
    'books.schema.ts': `import { authors } from './authors.schema'
export const books = table('books', { id: t.bigserial().primaryKey(), authorId: t.integer().references(() => authors.id) })
export const genres = table('genres', { id: t.serial().primaryKey(), name: t.text().unique() })
export const booksGenres = manyToMany(books, genres)
`,
  })
  expect(sql).toContain('CREATE TABLE "books_genres"')
  expect(sql).toContain('ALTER TABLE "authors" ADD CONSTRAINT "authors_favorite_book_id_fkey"')
  expect(sql).toMatch(/-- lint warning: foreign key authors\(favorite_book_id\) has no index/)
})

it('tables are dropped (several at once, whatever their foreign keys)', async () => {
  const sql = await version('drop', { 'authors.schema.ts': `export const authors = table('authors', { id: t.serial().primaryKey(), name: t.text() })\n` })
  expect(sql).toMatch(/DROP TABLE "books", "books_genres", "genres";/)
  expect(sql).toContain('DROP TYPE "author_status";')
  expect(sql).toMatch(/-- lint danger: drops table books and all its rows/)
})

it('status lists the history; down --steps reverts several', async () => {
  const status = p.ok('migrate', 'status').stdout.trim().split('\n')
  expect(status).toHaveLength(7)
  expect(status.every((line) => line.startsWith('applied '))).toBe(true)
  const down = p.ok('migrate', 'down', '--steps', '2')
  expect(down.stdout.trim().split('\n')).toHaveLength(2)
  expect(p.ok('migrate', 'status').stdout).toMatch(/pending {2}\d{14}_links\npending {2}\d{14}_drop\n$/)
  p.ok('migrate', 'up')
  expect(p.ok('migrate', 'drift').stdout).toMatch(/no drift/)
})
