/** A benchmark database: DATABASE_URL's server, or an embedded one; dropped at the end. */
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDb as createRawDb, sql } from '../runtime/index.js'
import { startEmbeddedPostgres, type EmbeddedServer } from '../generator/dev/embedded.js'

export interface BenchDatabase {
  url: string
  drop(): Promise<void>
}

export async function createBenchDatabase(schemaSql: string): Promise<BenchDatabase> {
  let server: EmbeddedServer | undefined
  let serverUrl = process.env.DATABASE_URL
  if (!serverUrl) {
    server = await startEmbeddedPostgres({ dir: join(tmpdir(), 'dbridge-bench-server') })
    serverUrl = server.url
  }
  const name = `dbridge_bench_${process.pid}`
  const admin = createRawDb({ url: serverUrl, max: 1 })
  await admin.sql`DROP DATABASE IF EXISTS ${sql.identifier(name)}`
  await admin.sql`CREATE DATABASE ${sql.identifier(name)}`
  const url = new URL(serverUrl)
  url.pathname = '/' + name
  const db = createRawDb({ url: url.href, max: 1 })
  await db.sql`${sql.raw(schemaSql)}`
  await db.close()
  return {
    url: url.href,
    async drop() {
      await admin.sql`DROP DATABASE IF EXISTS ${sql.identifier(name)} WITH (FORCE)`
      await admin.close()
      await server?.stop()
    },
  }
}

export function readGenerated(path: string): string {
  return readFileSync(new URL(`../generated/${path}`, import.meta.url), 'utf8')
}
