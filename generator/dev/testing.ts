/**
 * Test databases (`dbridge/testing`): each test (file) gets a database of its own holding
 * the current schema, cloned from a template database. The template is built once per
 * schema, not once per test: its name carries a hash of what it is built from (the
 * migration files when there are any, else the generated schema.sql), so every process of
 * a test run, and the next run with an unchanged schema, clones the same one. Building is
 * serialized across processes with an advisory lock, and a template only gets its name once
 * it is complete (built under another name, then renamed), so a clone never sees half of
 * one.
 */
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { ConfigError, createDb, sql } from '../../runtime/index.js'
import type { TestDatabase, TestDatabaseOptions } from '../../runtime/testing.js'
import { readMigrations, type MigrationFile } from '../migrate/files.js'
import { applyAll } from '../migrate/runner.js'
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded.js'

export type { TestDatabase, TestDatabaseOptions }

/** What the template is built from: the migrations, or the schema's DDL. */
type Source = { kind: 'migrations'; files: MigrationFile[] } | { kind: 'schema'; ddl: string; path: string }

function sourceOf(root: string, options: TestDatabaseOptions): Source {
  const migrations = resolve(root, options.migrations ?? 'migrations')
  const files = existsSync(migrations) ? readMigrations(migrations) : []
  if (files.length > 0) return { kind: 'migrations', files }
  const path = resolve(root, options.schemaSql ?? 'generated/schema.sql')
  if (!existsSync(path)) {
    throw new ConfigError(`testDatabase: neither migration files in ${migrations} nor ${path}; run dbridge generate (or dbridge migrate diff), or pass { migrations, schemaSql }`)
  }
  return { kind: 'schema', ddl: readFileSync(path, 'utf8'), path }
}

function hashOf(source: Source): string {
  const hash = createHash('sha256').update(source.kind)
  if (source.kind === 'schema') hash.update(source.ddl)
  else for (const file of source.files) hash.update('\u0000').update(file.id).update('\u0000').update(file.checksum)
  return hash.digest('hex').slice(0, 16)
}

function withDatabaseName(serverUrl: string, name: string): string {
  const url = new URL(serverUrl)
  url.pathname = '/' + name
  return url.href
}

let embedded: Promise<EmbeddedServer> | undefined
const templates = new Map<string, Promise<string>>()

/** The server to use: the option, DATABASE_URL, or an embedded one started once for this process. */
async function serverUrlOf(root: string, options: TestDatabaseOptions): Promise<string> {
  const given = options.url ?? process.env.DATABASE_URL
  if (given) return given
  embedded ??= startEmbeddedPostgres({ dir: join(root, '.dbridge') }).then((server) => {
    // A test process ends when its work does, not when its server would: the server is
    // stopped as the process exits.
    server.unref()
    return server
  })
  return (await embedded).url
}

/** Builds the template of `source` on the server unless it is there already; returns its name. */
async function ensureTemplate(serverUrl: string, source: Source): Promise<string> {
  const name = `dbridge_template_${hashOf(source)}`
  // The lock's transaction holds one connection; CREATE DATABASE, which cannot run in a
  // transaction, goes on another.
  const locking = createDb({ url: serverUrl, max: 1 })
  const admin = createDb({ url: serverUrl, max: 1 })
  try {
    return await locking.transaction(async (tx) => {
      // One builder per template across processes; the others wait here, then find it built.
      await tx.sql`select pg_advisory_xact_lock(hashtext(${name}))`
      const [found] = await tx.sql`select 1 as found from pg_database where datname = ${name}`
      if (found) return name
      const building = `${name}_${process.pid}_${randomBytes(3).toString('hex')}`
      await admin.sql`CREATE DATABASE ${sql.identifier(building)}`
      try {
        const url = withDatabaseName(serverUrl, building)
        if (source.kind === 'migrations') await applyAll(url, source.files)
        else {
          const db = createDb({ url, max: 1 })
          try {
            await db.sql`${sql.raw(source.ddl)}`
          } finally {
            await db.close()
          }
        }
        await admin.sql`ALTER DATABASE ${sql.identifier(building)} RENAME TO ${sql.identifier(name)}`
      } catch (error) {
        await admin.sql`DROP DATABASE IF EXISTS ${sql.identifier(building)} WITH (FORCE)`.catch(() => undefined)
        throw error
      }
      return name
    })
  } finally {
    await Promise.all([locking.close(), admin.close()])
  }
}

/**
 * A new database holding the current schema, and how to drop it. `root` (default: the
 * working directory) is where `migrations/` and `generated/schema.sql` are looked for.
 */
export async function testDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const root = resolve(options.root ?? process.cwd())
  const source = sourceOf(root, options)
  const serverUrl = await serverUrlOf(root, options)
  const key = `${serverUrl}\u0000${hashOf(source)}`
  let template = templates.get(key)
  if (!template) {
    template = ensureTemplate(serverUrl, source)
    templates.set(key, template)
    template.catch(() => templates.delete(key))
  }
  const templateName = await template
  const name = `dbridge_test_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = createDb({ url: serverUrl, max: 1 })
  try {
    // FILE_COPY copies the template's files: for a schema's worth of empty tables, several
    // times faster than WAL_LOG (PostgreSQL 15's default), which writes every page to the WAL.
    const [{ version }] = (await admin.sql`select current_setting('server_version_num')::int as version`) as [{ version: number }]
    const strategy = version >= 150000 ? sql`STRATEGY FILE_COPY` : sql``
    await admin.sql`CREATE DATABASE ${sql.identifier(name)} TEMPLATE ${sql.identifier(templateName)} ${strategy}`
  } finally {
    await admin.close()
  }
  let dropped: Promise<void> | undefined
  return {
    name,
    url: withDatabaseName(serverUrl, name),
    template: templateName,
    drop() {
      dropped ??= (async () => {
        const db = createDb({ url: serverUrl, max: 1 })
        try {
          await db.sql`DROP DATABASE IF EXISTS ${sql.identifier(name)} WITH (FORCE)`
        } finally {
          await db.close()
        }
      })()
      return dropped
    },
  }
}
