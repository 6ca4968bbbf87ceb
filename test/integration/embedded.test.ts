/** The embedded PostgreSQL: starts, serves, stops, and refuses a data directory another server holds. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { startEmbeddedPostgres } from '../../generator/dev/embedded.js'
import { createDb } from '../../runtime/index.js'

const dir = mkdtempSync(join(tmpdir(), 'dbridge-embedded-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

it('serves queries, and a second start on the same directory names the running server', async () => {
  const server = await startEmbeddedPostgres({ dir })
  try {
    const db = createDb({ url: server.url })
    expect(await db.sql`select 1 + 1 as two`).toEqual([{ two: 2 }])
    await db.close()
    const error = await startEmbeddedPostgres({ dir }).catch((e: unknown) => e)
    expect((error as Error).message).toMatch(/already running on .*data; .*kill \d+/)
  } finally {
    await server.stop()
  }
  // After a stop the directory can be used again (data persists).
  const again = await startEmbeddedPostgres({ dir })
  await again.stop()
})
