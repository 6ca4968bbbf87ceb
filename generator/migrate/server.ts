/**
 * Where migration commands run: the configured database, or (with none configured) the
 * embedded PostgreSQL under `.dbridge/`; and throwaway databases on that server for
 * computing diffs, so a diff never depends on the state of anyone's dev database.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { createDb, sql, type RawDb } from '../../runtime/index.js'
import type { ResolvedConfig } from '../config.js'
import { UserError } from '../diagnostics.js'
import { startEmbeddedPostgres } from '../embedded.js'

/** Runs `fn` with the URL of the configured database, or of the embedded server's. */
export async function withDatabase<T>(config: ResolvedConfig, fn: (url: string) => Promise<T>): Promise<T> {
  if (config.databaseUrl) return fn(config.databaseUrl)
  const server = await startEmbeddedPostgres({ dir: join(config.root, '.dbridge') })
  try {
    return await fn(server.url)
  } finally {
    await server.stop()
  }
}

/** Creates an empty database on the server of `serverUrl`, runs `fn` on it, and drops it. */
export async function withScratchDatabase<T>(serverUrl: string, fn: (db: RawDb, url: string) => Promise<T>): Promise<T> {
  const name = `dbridge_scratch_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = createDb({ url: serverUrl, max: 1 })
  try {
    await admin.sql`CREATE DATABASE ${sql.identifier(name)}`
  } catch (error) {
    await admin.close()
    throw new UserError(
      `could not create a scratch database on the server (${(error as Error).message}); ` +
        'migrate diff and drift need a role that may CREATE DATABASE',
    )
  }
  const url = new URL(serverUrl)
  url.pathname = '/' + name
  const db = createDb({ url: url.href, max: 1 })
  try {
    return await fn(db, url.href)
  } finally {
    await db.close()
    await admin.sql`DROP DATABASE IF EXISTS ${sql.identifier(name)} WITH (FORCE)`.catch(() => undefined)
    await admin.close()
  }
}
