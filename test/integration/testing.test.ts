/**
 * `dbridge/testing`: databases cloned from a template built once per schema, unique and
 * independent, from the generated schema.sql or from migration files; several processes
 * building the same template at once get one template.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createDb, sql } from '../../runtime/index.js'
import { testDatabase } from 'dbridge/testing'
import { serverUrl } from '../support/database.js'
import { repoRoot } from '../support/project.js'

const dirs: string[] = []
const marker = randomBytes(4).toString('hex')

/** A project directory whose schema is the example's, made unique (so its template is this test's own). */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dbridge-testing-'))
  dirs.push(dir)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

async function withAdmin<T>(fn: (db: ReturnType<typeof createDb>) => Promise<T>): Promise<T> {
  const db = createDb({ url: serverUrl(), max: 1 })
  try {
    return await fn(db)
  } finally {
    await db.close()
  }
}

async function databasesLike(pattern: string): Promise<string[]> {
  return withAdmin(async (db) => (await db.sql<{ datname: string }>`select datname from pg_database where datname like ${pattern} order by 1`).map((r) => r.datname))
}

afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  // The templates this file's unique schemas made.
  await withAdmin(async (db) => {
    for (const name of await databasesLike('dbridge_template_%')) {
      const [{ ours }] = (await db.sql`select ${name}::text = any(${templatesMade}) as ours`) as [{ ours: boolean }]
      if (ours) await db.sql`DROP DATABASE IF EXISTS ${sql.identifier(name)} WITH (FORCE)`
    }
  })
})
const templatesMade: string[] = []

describe('testDatabase', () => {
  it('gives unique, independent databases holding the schema, cloned from one template, in parallel', async () => {
    const ddl = readFileSync(join(repoRoot, 'generated/schema.sql'), 'utf8') + `\n-- ${marker} schema\n`
    const root = project({ 'generated/schema.sql': ddl })
    const before = await databasesLike('dbridge_template_%')
    const databases = await Promise.all(Array.from({ length: 4 }, () => testDatabase({ root, url: serverUrl() })))
    const after = await databasesLike('dbridge_template_%')
    const made = after.filter((name) => !before.includes(name))
    expect(made).toHaveLength(1)
    templatesMade.push(...made)
    expect(new Set(databases.map((d) => d.name)).size).toBe(4)
    try {
      const [first, second] = databases.map((d) => createDb({ url: d.url, max: 1 }))
      try {
        await first!.sql`insert into authors (name, email) values ('only here', 'a@example.com')`
        expect(await first!.sql`select count(*)::int as n from authors`).toEqual([{ n: 1 }])
        expect(await second!.sql`select count(*)::int as n from authors`).toEqual([{ n: 0 }])
        expect(await second!.sql`select count(*)::int as n from information_schema.tables where table_schema = 'public'`).toEqual([{ n: 9 }])
      } finally {
        await Promise.all([first!.close(), second!.close()])
      }
    } finally {
      await Promise.all(databases.map((d) => d.drop()))
    }
    expect(await databasesLike(`dbridge_test_${process.pid}_%`)).toEqual([])
    // The same schema again: the template is reused, not rebuilt.
    const again = await testDatabase({ root, url: serverUrl() })
    await again.drop()
    expect(await databasesLike('dbridge_template_%')).toEqual(after)
  })

  it('from migration files when there are any', async () => {
    const migration = `-- dbridge migration: 20260101000000_start\n-- up\nCREATE TABLE things_${marker} (id int PRIMARY KEY);\n-- down\nDROP TABLE things_${marker};\n`
    const root = project({ 'migrations/20260101000000_start.sql': migration, 'generated/schema.sql': 'CREATE TABLE not_this (id int);' })
    const before = await databasesLike('dbridge_template_%')
    const database = await testDatabase({ root, url: serverUrl() })
    templatesMade.push(...(await databasesLike('dbridge_template_%')).filter((name) => !before.includes(name)))
    const db = createDb({ url: database.url, max: 1 })
    try {
      const tables = await db.sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public' order by 1`
      expect(tables.map((t) => t.table_name)).toEqual([`things_${marker}`])
    } finally {
      await db.close()
      await database.drop()
    }
  })

  it('two processes asking for a new template at once build it once, and both get databases', async () => {
    const root = project({ 'generated/schema.sql': `CREATE TABLE race_${marker} (id int);\n` })
    const script = `import { testDatabase } from 'dbridge/testing'\nconst t = await testDatabase({ root: ${JSON.stringify(root)} })\nconsole.log(t.name)\nawait t.drop()\n`
    writeFileSync(join(root, 'race.ts'), script)
    mkdirSync(join(root, 'node_modules'), { recursive: true })
    const { symlinkSync } = await import('node:fs')
    symlinkSync(repoRoot, join(root, 'node_modules/dbridge'), 'dir')
    symlinkSync(join(repoRoot, 'packages/dbridge-cli'), join(root, 'node_modules/dbridge-cli'), 'dir')
    const before = await databasesLike('dbridge_template_%')
    const run = () =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'dbridge-cli/register', 'race.ts'], { cwd: root, env: { ...process.env, DATABASE_URL: serverUrl() } })
        let out = ''
        let err = ''
        child.stdout.on('data', (c: Buffer) => (out += c.toString()))
        child.stderr.on('data', (c: Buffer) => (err += c.toString()))
        child.once('close', (code) => resolve({ code, out, err }))
      })
    const results = await Promise.all([run(), run()])
    const made = (await databasesLike('dbridge_template_%')).filter((name) => !before.includes(name))
    templatesMade.push(...made)
    for (const result of results) {
      expect(result.err).toBe('')
      expect(result.code).toBe(0)
      expect(result.out).toMatch(/^dbridge_test_\d+_[0-9a-f]{8}\n$/)
    }
    expect(made).toHaveLength(1)
    expect(await databasesLike(`dbridge_template_%\\_%\\_%`)).toEqual(expect.not.arrayContaining([expect.stringMatching(/_building/)]))
  })

  it('without DATABASE_URL, on an embedded server of its own that is gone when the process ends', async () => {
    const root = project({ 'generated/schema.sql': `CREATE TABLE solo_${marker} (id int);\n` })
    writeFileSync(join(root, 'solo.ts'), `import { testDatabase } from 'dbridge/testing'\nconst t = await testDatabase({ root: ${JSON.stringify(root)} })\nconsole.log(t.url)\nawait t.drop()\n`)
    const { symlinkSync } = await import('node:fs')
    mkdirSync(join(root, 'node_modules'), { recursive: true })
    symlinkSync(repoRoot, join(root, 'node_modules/dbridge'), 'dir')
    symlinkSync(join(repoRoot, 'packages/dbridge-cli'), join(root, 'node_modules/dbridge-cli'), 'dir')
    const result = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'dbridge-cli/register', 'solo.ts'], { cwd: root, env: { ...process.env, DATABASE_URL: undefined } })
      let out = ''
      let err = ''
      child.stdout.on('data', (c: Buffer) => (out += c.toString()))
      child.stderr.on('data', (c: Buffer) => (err += c.toString()))
      child.once('close', (code) => resolve({ code, out, err }))
    })
    expect(result.err).toBe('')
    expect(result.code).toBe(0)
    const url = new URL(result.out.trim())
    expect(url.pathname).toMatch(/^\/dbridge_test_\d+_[0-9a-f]{8}$/)
    expect(url.port).not.toBe(new URL(serverUrl()).port)
    const { connect } = await import('node:net')
    const probe = () =>
      new Promise<string>((resolve) => {
        const socket = connect(Number(url.port), '127.0.0.1')
        socket.once('connect', () => (socket.destroy(), resolve('connected')))
        socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
      })
    // Told to shut down (fast) as the process exited: gone within moments.
    let state = await probe()
    for (let waited = 0; state === 'connected' && waited < 10_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      state = await probe()
    }
    expect(state).toBe('ECONNREFUSED')
  }, 120_000)
})
