/** Renames, data, failures, checksums, concurrency, no-transaction files, drift and pull. */
import { spawn } from 'node:child_process'
import { appendFileSync, writeFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { MigrationProject } from '../support/migrations.js'
import { cliPath } from '../support/project.js'
import { createTestDatabase, readSchemaSql } from '../support/database.js'

const projects: MigrationProject[] = []
async function project(): Promise<MigrationProject> {
  const p = await new MigrationProject().init()
  projects.push(p)
  return p
}
afterEach(async () => {
  for (const p of projects.splice(0)) await p.remove()
})

const people = (columns: string, name = 'people') => `export const ${name} = table('${name}', {\n  id: t.serial().primaryKey(),\n${columns}\n})\n`

describe('renames', () => {
  it('a possible rename is refused without a decision, naming the flag to pass', async () => {
    const p = await project()
    p.schema({ 'a.schema.ts': people('  fullName: t.text(),') })
    p.ok('migrate', 'diff', '--name', 'init')
    p.schema({ 'a.schema.ts': people('  displayName: t.text(),') })
    const refused = p.run('migrate', 'diff', '--name', 'rename')
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('column people.full_name -> people.display_name: pass --rename people.full_name=people.display_name')
    expect(refused.stderr).toContain('or pass --no-rename')
    expect(p.migrationFiles()).toHaveLength(1)
  })

  it('an accepted rename keeps the data; tables, columns, constraints and sequences follow', async () => {
    const p = await project()
    p.schema({ 'a.schema.ts': people('  fullName: t.text().unique(),\n  age: t.integer(),') })
    p.ok('migrate', 'diff', '--name', 'init')
    p.ok('migrate', 'up')
    await p.query(`insert into people (full_name, age) values ('Ann', 30), ('Bob', 41)`)
    p.schema({ 'a.schema.ts': people('  displayName: t.text().unique(),\n  age: t.bigint(),\n  email: t.text().nullable(),', 'persons') })
    p.ok('migrate', 'diff', '--name', 'rename', '--rename', 'people=persons', '--rename', 'persons.full_name=display_name')
    const sql = p.lastMigration()
    expect(sql).toContain('ALTER TABLE "people" RENAME TO "persons";')
    expect(sql).toContain('ALTER TABLE "persons" RENAME COLUMN "full_name" TO "display_name";')
    expect(sql).toContain('ALTER SEQUENCE "people_id_seq" RENAME TO "persons_id_seq";')
    expect(sql).toContain('ALTER TABLE "persons" RENAME CONSTRAINT "people_full_name_key" TO "persons_display_name_key";')
    p.ok('migrate', 'up')
    await p.expectMatchesSchema()
    // Data survived the rename, the added column and the type widening.
    expect(await p.query('select id, display_name, age::text as age, email from persons order by id')).toEqual([
      { id: 1, display_name: 'Ann', age: '30', email: null },
      { id: 2, display_name: 'Bob', age: '41', email: null },
    ])
    // The serial goes on from where it was.
    expect(await p.query(`insert into persons (display_name, age) values ('Cid', 5) returning id`)).toEqual([{ id: 3 }])
    p.ok('migrate', 'down')
    expect(await p.query('select full_name from people order by id')).toEqual([{ full_name: 'Ann' }, { full_name: 'Bob' }, { full_name: 'Cid' }])
  })

  it("a renamed table's columns may be renames too: they are asked about, never dropped on a guess", async () => {
    const p = await project()
    p.schema({ 'a.schema.ts': people('  fullName: t.text(),\n  age: t.integer(),') })
    p.ok('migrate', 'diff', '--name', 'init')
    p.schema({ 'a.schema.ts': people('  displayName: t.text(),\n  age: t.integer(),', 'persons') })
    // Nothing decided: the table and its column are both named.
    const undecided = p.run('migrate', 'diff', '--name', 'rename')
    expect(undecided.code).toBe(1)
    expect(undecided.stderr).toContain('table people -> persons: pass --rename people=persons')
    expect(undecided.stderr).toContain('column persons.full_name -> persons.display_name: pass --rename persons.full_name=persons.display_name')
    // The table decided: the column is still a question.
    const column = p.run('migrate', 'diff', '--name', 'rename', '--rename', 'people=persons')
    expect(column.code).toBe(1)
    expect(column.stderr).not.toContain('table people -> persons')
    expect(column.stderr).toContain('column persons.full_name -> persons.display_name: pass --rename persons.full_name=persons.display_name')
    expect(p.migrationFiles()).toHaveLength(1)
    p.ok('migrate', 'diff', '--name', 'rename', '--rename', 'people=persons', '--rename', 'persons.full_name=persons.display_name')
    expect(p.lastMigration()).toContain('ALTER TABLE "persons" RENAME COLUMN "full_name" TO "display_name";')
    expect(p.lastMigration()).not.toContain('DROP COLUMN')
  })

  it('in a terminal, dbridge asks (run under a pseudo-terminal with script(1))', async () => {
    const p = await project()
    p.schema({ 'a.schema.ts': people('  fullName: t.text(),') })
    p.ok('migrate', 'diff', '--name', 'init')
    p.schema({ 'a.schema.ts': people('  displayName: t.text(),') })
    const child = spawn('script', ['-qec', `${process.execPath} ${cliPath} migrate diff --name asked`, '/dev/null'], {
      cwd: p.project.dir,
      env: { ...process.env, DATABASE_URL: p.database.url },
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d
      if (out.includes('[y/n]') && !out.includes('answered')) {
        out += 'answered'
        child.stdin.write('y\n')
      }
    })
    const code = await new Promise((resolve) => child.on('close', resolve))
    expect(code).toBe(0)
    expect(out).toContain('Is column people.full_name -> people.display_name a rename?')
    expect(p.lastMigration()).toContain('ALTER TABLE "people" RENAME COLUMN "full_name" TO "display_name";')
  })

  it("in a terminal, a renamed table's columns are asked about once the table is", async () => {
    const p = await project()
    p.schema({ 'a.schema.ts': people('  fullName: t.text(),\n  age: t.integer(),') })
    p.ok('migrate', 'diff', '--name', 'init')
    p.schema({ 'a.schema.ts': people('  displayName: t.text(),\n  age: t.integer(),', 'persons') })
    const child = spawn('script', ['-qec', `${process.execPath} ${cliPath} migrate diff --name asked`, '/dev/null'], {
      cwd: p.project.dir,
      env: { ...process.env, DATABASE_URL: p.database.url },
    })
    let out = ''
    let answered = 0
    child.stdout.on('data', (d: Buffer) => {
      out += d
      if (out.split('[y/n]').length - 1 > answered) {
        answered++
        child.stdin.write('y\n')
      }
    })
    const code = await new Promise((resolve) => child.on('close', resolve))
    expect(code).toBe(0)
    expect(out.indexOf('Is table people -> persons a rename?')).toBeGreaterThan(-1)
    expect(out.indexOf('Is column persons.full_name -> persons.display_name a rename?')).toBeGreaterThan(out.indexOf('Is table people -> persons'))
    expect(p.lastMigration()).toContain('ALTER TABLE "persons" RENAME COLUMN "full_name" TO "display_name";')
  })

  it('--no-rename drops and adds', async () => {
    const p = await project()
    p.schema({ 'a.schema.ts': people('  fullName: t.text(),') })
    p.ok('migrate', 'diff', '--name', 'init')
    p.schema({ 'a.schema.ts': people('  displayName: t.text().nullable(),') })
    p.ok('migrate', 'diff', '--name', 'replace', '--no-rename')
    expect(p.lastMigration()).toMatch(/ADD COLUMN "display_name" text;[\s\S]*DROP COLUMN "full_name";/)
  })
})

describe('serial columns', () => {
  it('serial -> bigserial widens the sequence too, so ids go on past 2^31; down narrows it back', async () => {
    const p = await project()
    p.schema({ 'a.schema.ts': people('  name: t.text(),') })
    p.ok('migrate', 'diff', '--name', 'init')
    p.schema({ 'a.schema.ts': `export const people = table('people', {\n  id: t.bigserial().primaryKey(),\n  name: t.text(),\n})\n` })
    p.ok('migrate', 'diff', '--name', 'widen')
    expect(p.lastMigration()).toContain('ALTER SEQUENCE "people_id_seq" AS bigint;')
    p.ok('migrate', 'up')
    await p.expectMatchesSchema()
    const sequenceType = `select format_type(seqtypid, null) as type from pg_sequence where seqrelid = 'people_id_seq'::regclass`
    expect(await p.query(sequenceType)).toEqual([{ type: 'bigint' }])
    await p.query(`select setval('people_id_seq', 2147483647)`)
    expect(await p.query(`insert into people (name) values ('Ann') returning id::text as id`)).toEqual([{ id: '2147483648' }])
    await p.query(`delete from people; select setval('people_id_seq', 1)`)
    p.ok('migrate', 'down')
    expect(await p.query(sequenceType)).toEqual([{ type: 'integer' }])
  })

  it('a renamed serial column takes its sequence along: it stays serial and the diff has nothing more to do', async () => {
    const p = await project()
    p.schema({ 'a.schema.ts': people('  name: t.text(),') })
    p.ok('migrate', 'diff', '--name', 'init')
    p.ok('migrate', 'up')
    await p.query(`insert into people (name) values ('Ann')`)
    p.schema({ 'a.schema.ts': `export const people = table('people', {\n  personId: t.serial().primaryKey(),\n  name: t.text(),\n})\n` })
    p.ok('migrate', 'diff', '--name', 'rename', '--rename', 'people.id=person_id')
    expect(p.lastMigration()).toContain('ALTER SEQUENCE "people_id_seq" RENAME TO "people_person_id_seq";')
    p.ok('migrate', 'up')
    await p.expectMatchesSchema()
    expect(p.run('migrate', 'diff', '--name', 'again').stdout).toBe('no changes\n')
    expect(await p.query(`insert into people (name) values ('Bob') returning person_id`)).toEqual([{ person_id: 2 }])
    p.ok('migrate', 'down')
    expect(await p.query(`select pg_get_serial_sequence('people', 'id') as seq`)).toEqual([{ seq: 'public.people_id_seq' }])
  })
})

describe('the runner', () => {
  it('a failing migration leaves the database as it was, is not recorded, and names the file and statement', async () => {
    const p = await project()
    p.schema({ 'a.schema.ts': people('  name: t.text(),') })
    p.ok('migrate', 'diff', '--name', 'init')
    p.ok('migrate', 'up')
    writeFileSync(
      p.project.path('migrations/29990101000000_broken.sql'),
      '-- dbridge migration: 29990101000000_broken\n-- up\nALTER TABLE people ADD COLUMN extra text;\nINSERT INTO people (name) VALUES (NULL);\n-- down\nALTER TABLE people DROP COLUMN extra;\n',
    )
    const failed = p.run('migrate', 'up')
    expect(failed.code).toBe(1)
    expect(failed.stderr).toContain('migration 29990101000000_broken failed at migrations/29990101000000_broken.sql, up statement 2 (line 4)')
    expect(failed.stderr).toContain('nothing of this migration was applied')
    expect(failed.stderr).not.toMatch(/\n\s+at /)
    expect(await p.query(`select count(*)::int as n from information_schema.columns where table_name = 'people' and column_name = 'extra'`)).toEqual([{ n: 0 }])
    expect(p.ok('migrate', 'status').stdout).toMatch(/pending {2}29990101000000_broken/)
  })

  it('a changed applied file is reported by status and blocks up', async () => {
    const p = await project()
    p.schema({ 'a.schema.ts': people('  name: t.text(),') })
    p.ok('migrate', 'diff', '--name', 'init')
    p.ok('migrate', 'up')
    appendFileSync(p.project.path(`migrations/${p.migrationFiles()[0]}`), '-- edited\n')
    const status = p.ok('migrate', 'status')
    expect(status.stdout).toMatch(/^changed {2}\d{14}_init/m)
    expect(status.stderr).toMatch(/no longer matches the files/)
    const up = p.run('migrate', 'up')
    expect(up.code).toBe(1)
    expect(up.stderr).toMatch(/_init: the file changed after it was applied \(checksum differs\)/)
  })

  it('two deployers running up at once apply each migration exactly once', async () => {
    const p = await project()
    p.schema({ 'a.schema.ts': people('  name: t.text(),') })
    p.ok('migrate', 'diff', '--name', 'one')
    for (let i = 2; i <= 4; i++) {
      p.schema({ 'a.schema.ts': people(`  name: t.text(),\n${Array.from({ length: i - 1 }, (_, j) => `  c${j}: t.text().nullable(),`).join('\n')}`) })
      p.ok('migrate', 'diff', '--name', `step${i}`)
    }
    const runs = Array.from({ length: 2 }, () =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, [cliPath, 'migrate', 'up'], { cwd: p.project.dir, env: { ...process.env, DATABASE_URL: p.database.url } })
        let out = ''
        child.stdout.on('data', (d: Buffer) => (out += d))
        child.stderr.on('data', (d: Buffer) => (out += d))
        child.on('close', (code) => resolve({ code, out }))
      }),
    )
    const results = await Promise.all(runs)
    expect(results.map((r) => r.code)).toEqual([0, 0])
    const applied = results.flatMap((r) => r.out.split('\n').filter((l) => l.startsWith('applied ')))
    expect(applied).toHaveLength(4)
    expect(new Set(applied).size).toBe(4)
    expect(await p.query('select count(*)::int as n from dbridge_migrations')).toEqual([{ n: 4 }])
  })

  it('a no-transaction file runs statements that cannot run in a transaction', async () => {
    const p = await project()
    p.schema({ 'a.schema.ts': people('  name: t.text(),') })
    p.ok('migrate', 'diff', '--name', 'init')
    writeFileSync(
      p.project.path('migrations/29990101000000_concurrent_index.sql'),
      '-- dbridge migration: 29990101000000_concurrent_index\n-- dbridge: no-transaction\n-- up\nCREATE INDEX CONCURRENTLY people_name_idx ON people (name);\n-- down\nDROP INDEX CONCURRENTLY people_name_idx;\n',
    )
    p.ok('migrate', 'up')
    expect(await p.query(`select indexname from pg_indexes where tablename = 'people' and indexname = 'people_name_idx'`)).toHaveLength(1)
    p.ok('migrate', 'down')
    expect(await p.query(`select indexname from pg_indexes where indexname = 'people_name_idx'`)).toHaveLength(0)
  })

  it('--dry-run prints the SQL and changes nothing; --to stops at a migration', async () => {
    const p = await project()
    p.schema({ 'a.schema.ts': people('  name: t.text(),') })
    p.ok('migrate', 'diff', '--name', 'one')
    p.schema({ 'a.schema.ts': people('  name: t.text(),\n  age: t.integer().nullable(),') })
    p.ok('migrate', 'diff', '--name', 'two')
    const dry = p.ok('migrate', 'up', '--dry-run')
    expect(dry.stdout).toMatch(/-- \d{14}_one\nCREATE TABLE "people"/)
    expect(dry.stdout).toContain('ALTER TABLE "people" ADD COLUMN "age" integer;')
    expect(await p.query(`select to_regclass('people') is null as absent`)).toEqual([{ absent: true }])
    const first = p.migrationFiles()[0]!.replace('.sql', '')
    expect(p.ok('migrate', 'up', '--to', first).stdout).toBe(`applied ${first}\n`)
    expect(p.ok('migrate', 'status').stdout).toMatch(/applied {2}\d{14}_one .*\npending {2}\d{14}_two/)
  })

  it('drift: exit 1 naming what differs when the database was changed by hand', async () => {
    const p = await project()
    p.schema({ 'a.schema.ts': people('  name: t.text(),') })
    p.ok('migrate', 'diff', '--name', 'init')
    p.ok('migrate', 'up')
    expect(p.ok('migrate', 'drift').stdout).toMatch(/no drift: the database matches 1 migration file/)
    await p.query('alter table people add column sneaky text; create index people_sneaky on people (sneaky)')
    const drift = p.run('migrate', 'drift')
    expect(drift.code).toBe(1)
    expect(drift.stderr).toContain('drop column people.sneaky')
    expect(drift.stderr).toContain('drop index people_sneaky')
  })

  it('no changes: nothing is written', async () => {
    const p = await project()
    p.schema({ 'a.schema.ts': people('  name: t.text(),') })
    p.ok('migrate', 'diff', '--name', 'init')
    expect(p.ok('migrate', 'diff', '--name', 'nothing').stdout).toBe('no changes\n')
    expect(p.migrationFiles()).toHaveLength(1)
  })
})

describe('pull', () => {
  it('round trip: pull, generate, and the migrations made from the pulled files match the database', async () => {
    // A database with every supported type, relations of every kind, enums, checks and indexes.
    const source = await createTestDatabase(
      readSchemaSql('../fixtures/all-types/generated/schema.sql') + '\n' + readSchemaSql('../fixtures/relations/generated/schema.sql').replace(/CREATE EXTENSION[^\n]*\n/, ''),
    )
    const p = await project()
    try {
      const pulled = p.project.run(['pull', '--out', 'schema'], { DATABASE_URL: source.url })
      expect(pulled.stderr).toBe('')
      expect(pulled.stdout).toMatch(/wrote \d+ schema files into schema/)
      p.ok('generate')
      // Build the migration history from the pulled files, then compare it with the source database.
      p.ok('migrate', 'diff', '--name', 'pulled')
      const drift = p.project.run(['migrate', 'drift'], { DATABASE_URL: source.url })
      expect(drift.stderr).toBe('')
      expect(drift.stdout).toMatch(/no drift/)
    } finally {
      await source.drop()
    }
  })
})
