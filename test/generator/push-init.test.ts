/** `dbridge init` and `dbridge push`, end to end in temporary projects against a real server. */
import { afterEach, describe, expect, it } from 'vitest'
import { createDb, sql } from '../../runtime/index.js'
import { createTestDatabase, type TestDatabase } from '../support/database.js'
import { TempProject } from '../support/project.js'

let project: TempProject | undefined
let database: TestDatabase | undefined
afterEach(async () => {
  project?.remove()
  project = undefined
  await database?.drop()
  database = undefined
})

describe('init', () => {
  it('sets up an empty directory, and a second run writes nothing', () => {
    project = new TempProject()
    const first = project.run(['init'])
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/^wrote dbridge\.config\.ts, schema\/notes\.schema\.ts, \.gitignore\n/)
    expect(first.stdout).toMatch(/npx dbridge dev /)
    expect(first.stdout).toMatch(/npx dbridge migrate diff --name init/)
    expect(project.read('.gitignore')).toContain('\n.dbridge/\n')
    const config = project.read('dbridge.config.ts')
    const mtime = project.mtime('schema/notes.schema.ts')
    const second = project.run(['init'])
    expect(second.code).toBe(0)
    expect(second.stdout).toMatch(/^already set up: nothing written\n/)
    expect(project.read('dbridge.config.ts')).toBe(config)
    expect(project.mtime('schema/notes.schema.ts')).toBe(mtime)
    expect(project.read('.gitignore').match(/\.dbridge\//g)).toHaveLength(1)
    // What it wrote generates.
    const generated = project.run(['generate'])
    expect(generated.stderr).toBe('')
    expect(project.read('generated/notes.ts')).toContain('export interface Note {')
  })

  it('in an existing project keeps its config, schema and .gitignore lines, adding only .dbridge/', () => {
    project = new TempProject({
      'dbridge.config.ts': "export default { schema: ['db/*.schema.ts'] }\n",
      'db/a.schema.ts': '',
      '.gitignore': 'node_modules\ndist',
    })
    const result = project.run(['init'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^wrote \.gitignore \(added \.dbridge\/\)\n/)
    expect(result.stdout).toMatch(/left as it is: dbridge\.config\.ts \(exists\)/)
    expect(project.read('dbridge.config.ts')).toBe("export default { schema: ['db/*.schema.ts'] }\n")
    expect(project.exists('schema')).toBe(false)
    expect(project.read('.gitignore')).toBe("node_modules\ndist\n# dbridge's embedded PostgreSQL (dev data)\n.dbridge/\n")
  })
})

const schema = (columns: string, extra = '') => `import { enumType, table, t } from 'dbridge/schema'
export const mood = enumType('mood', ['happy', 'sad'${extra}])
export const notes = table('notes', {
  id: t.bigserial().primaryKey(),
${columns}
})
`

describe('push', () => {
  async function columnsOf(url: string): Promise<string[]> {
    const db = createDb({ url, max: 1 })
    try {
      const rows = await db.sql<{ c: string }>`select column_name || ' ' || data_type as c from information_schema.columns where table_name = 'notes' order by ordinal_position`
      return rows.map((r) => r.c)
    } finally {
      await db.close()
    }
  }

  async function run(url: string, statement: string): Promise<void> {
    const db = createDb({ url, max: 1 })
    try {
      await db.sql`${sql.raw(statement)}`
    } finally {
      await db.close()
    }
  }

  it('creates, adds and widens; refuses what would lose data, listing why, and changes nothing; applies it when accepted', async () => {
    database = await createTestDatabase()
    const env = { DATABASE_URL: database.url }
    project = new TempProject({ 'schema/notes.schema.ts': schema("  title: t.text(),\n  stars: t.integer().nullable(),\n  feeling: t.enum(mood).nullable(),") })
    const created = project.run(['push'], env)
    expect(created.stderr).toBe('')
    expect(created.stdout).toMatch(/^pushed \d+ changes \(\d+ ms\):\n/)
    expect(await columnsOf(database.url)).toEqual(['id bigint', 'title text', 'stars integer', 'feeling USER-DEFINED'])
    expect(project.run(['push'], env).stdout).toBe('the database matches the schema: nothing to push\n')

    // A nullable column and a widening (integer -> bigint): no data at risk.
    project.write('schema/notes.schema.ts', schema("  title: t.text(),\n  stars: t.bigint().nullable(),\n  feeling: t.enum(mood).nullable(),\n  body: t.text().nullable(),", ", 'calm'"))
    const added = project.run(['push'], env)
    expect(added.code).toBe(0)
    expect(added.stdout).toMatch(/add column notes\.body/)
    expect(await columnsOf(database.url)).toEqual(['id bigint', 'title text', 'stars bigint', 'feeling USER-DEFINED', 'body text'])

    // A NOT NULL column without a default is fine on an empty table...
    project.write('schema/notes.schema.ts', schema("  title: t.text(),\n  stars: t.bigint().nullable(),\n  feeling: t.enum(mood).nullable(),\n  body: t.text().nullable(),\n  rank: t.integer(),", ", 'calm'"))
    expect(project.run(['push'], env).code).toBe(0)
    await run(database.url, "insert into notes (title, stars, body, rank, feeling) values ('kept', 5, 'text', 1, 'calm')")

    // ...and refused on one with rows, with a drop, a narrowing and a removed enum value.
    project.write('schema/notes.schema.ts', schema("  title: t.varchar(3),\n  stars: t.integer().nullable(),\n  feeling: t.enum(mood).nullable(),\n  due: t.date(),\n  rank: t.integer(),"))
    const before = await columnsOf(database.url)
    const refused = project.run(['push'], env)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/^push refused: 5 changes would lose data:\n/)
    expect(refused.stderr).toMatch(/drop column notes\.body: its values are deleted/)
    expect(refused.stderr).toMatch(/change the type of notes\.title: the new type is narrower/)
    expect(refused.stderr).toMatch(/change the type of notes\.stars: the new type is narrower/)
    expect(refused.stderr).toMatch(/add NOT NULL column notes\.due without a default: notes has rows/)
    expect(refused.stderr).toMatch(/remove 'calm' from enum mood/)
    expect(refused.stderr).toMatch(/nothing was changed.*--accept-data-loss/)
    expect(await columnsOf(database.url)).toEqual(before)

    // Accepted: a push that then fails (rows without a value for `due`) changes nothing either.
    const failed = project.run(['push', '--accept-data-loss'], env)
    expect(failed.code).toBe(1)
    expect(await columnsOf(database.url)).toEqual(before)

    // Without the NOT NULL column, and with the row's enum value no longer in use, the accepted push applies.
    await run(database.url, "update notes set feeling = 'happy', title = 'ok'")
    project.write('schema/notes.schema.ts', schema("  title: t.varchar(3),\n  stars: t.integer().nullable(),\n  feeling: t.enum(mood).nullable(),\n  rank: t.integer(),"))
    const accepted = project.run(['push', '--accept-data-loss'], env)
    expect(accepted.stderr).toBe('')
    expect(accepted.code).toBe(0)
    expect(await columnsOf(database.url)).toEqual(['id bigint', 'title character varying', 'stars integer', 'feeling USER-DEFINED', 'rank integer'])
  })

  it('a table the schema does not have is a loss: refused, and kept', async () => {
    database = await createTestDatabase()
    await run(database.url, 'create table legacy (id int primary key); insert into legacy values (1)')
    project = new TempProject({ 'schema/notes.schema.ts': schema('  title: t.text(),') })
    const refused = project.run(['push'], { DATABASE_URL: database.url })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/drop table legacy: its rows are deleted/)
    const db = createDb({ url: database.url, max: 1 })
    try {
      expect(await db.sql`select id from legacy`).toEqual([{ id: 1 }])
      expect(await db.sql`select to_regclass('notes') as t`).toEqual([{ t: null }])
    } finally {
      await db.close()
    }
  })
})
