/**
 * Makes sure the tests have a PostgreSQL server: DATABASE_URL if set (CI sets it), else an
 * embedded server started for this run in a temporary directory. Each test file then
 * creates its own uniquely named databases (see database.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { startEmbeddedPostgres, type EmbeddedServer } from '../../generator/dev/embedded.js'

let server: EmbeddedServer | undefined
let dir: string | undefined

export async function setup(project: TestProject): Promise<void> {
  let url = process.env.DATABASE_URL
  if (!url) {
    dir = mkdtempSync(join(tmpdir(), 'dbridge-test-server-'))
    server = await startEmbeddedPostgres({ dir })
    url = server.url
  }
  project.provide('databaseUrl', url)
}

export async function teardown(): Promise<void> {
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
  }
}
