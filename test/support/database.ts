/**
 * Per-test databases: each gets a unique name on the test server and is dropped
 * afterwards, so parallel runs (or a run after a crash) never share data.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { inject } from 'vitest'
import { createDb as createRawDb, sql, type RawDb } from '../../runtime/index.js'

export function serverUrl(): string {
  const url = inject('databaseUrl')
  if (!url) throw new Error('the tests need PostgreSQL: set DATABASE_URL or let the global setup start the embedded server')
  return url
}

export function databaseUrl(name: string): string {
  const url = new URL(serverUrl())
  url.pathname = '/' + name
  return url.href
}

export interface TestDatabase {
  name: string
  url: string
  drop(): Promise<void>
}

/** Creates an empty database, optionally running a SQL script (such as a generated schema.sql) in it. */
export async function createTestDatabase(script?: string): Promise<TestDatabase> {
  const name = `dbridge_test_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = createRawDb({ url: serverUrl(), max: 1 })
  try {
    await admin.sql`CREATE DATABASE ${sql.identifier(name)}`
  } finally {
    await admin.close()
  }
  const url = databaseUrl(name)
  if (script) {
    const db = createRawDb({ url, max: 1 })
    try {
      await db.sql`${sql.raw(script)}`
    } finally {
      await db.close()
    }
  }
  return {
    name,
    url,
    async drop() {
      const admin = createRawDb({ url: serverUrl(), max: 1 })
      try {
        await admin.sql`DROP DATABASE IF EXISTS ${sql.identifier(name)} WITH (FORCE)`
      } finally {
        await admin.close()
      }
    },
  }
}

export function readSchemaSql(path: string): string {
  return readFileSync(new URL(path, import.meta.url), 'utf8')
}
