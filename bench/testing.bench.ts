/**
 * `dbridge/testing`: what a test file waits for to get its own database. The template of
 * the example's schema is built once (first call), then each call clones it: the figure
 * that matters, measured as create + ready to use (a first query on it), and the drop.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDb, sql } from '../runtime/index.js'
import { testDatabase } from '../runtime/testing.js'
import { lowerMedian } from './harness.js'
import { createBenchDatabase } from './database.js'

export interface TestingResult {
  name: string
  medianMs: number
  spreadMs: [number, number]
  samples: number
}

export async function testingBenchmarks(options: { quick: boolean }): Promise<TestingResult[]> {
  const root = mkdtempSync(join(tmpdir(), 'dbridge-bench-testing-'))
  // The server the other benchmarks use (DATABASE_URL, else their embedded one).
  const server = await createBenchDatabase('select 1')
  const serverUrl = new URL(server.url)
  let template: string | undefined
  try {
    mkdirSync(join(root, 'generated'))
    // Unique to this run, so the first call really builds the template.
    writeFileSync(join(root, 'generated/schema.sql'), readFileSync(new URL('../generated/schema.sql', import.meta.url), 'utf8') + `\n-- bench ${process.pid} ${Date.now()}\n`)
    const url = serverUrl.href
    let start = performance.now()
    const first = await testDatabase({ root, url })
    template = first.template
    const buildMs = performance.now() - start
    await first.drop()
    const clones: number[] = []
    const drops: number[] = []
    for (let i = 0; i < (options.quick ? 5 : 30); i++) {
      start = performance.now()
      const database = await testDatabase({ root, url })
      const db = createDb({ url: database.url, max: 1 })
      await db.sql`select 1 from authors limit 1`
      clones.push(performance.now() - start)
      await db.close()
      start = performance.now()
      await database.drop()
      drops.push(performance.now() - start)
    }
    const spread = (values: number[]): [number, number] => [Math.min(...values), Math.max(...values)]
    return [
      { name: 'first call: build the template (example schema), then clone it', medianMs: buildMs, spreadMs: [buildMs, buildMs], samples: 1 },
      { name: 'testDatabase(): clone the template, first query on it', medianMs: lowerMedian(clones), spreadMs: spread(clones), samples: clones.length },
      { name: 'drop()', medianMs: lowerMedian(drops), spreadMs: spread(drops), samples: drops.length },
    ]
  } finally {
    rmSync(root, { recursive: true, force: true })
    if (template) {
      const admin = createDb({ url: serverUrl.href, max: 1 })
      try {
        await admin.sql`DROP DATABASE IF EXISTS ${sql.identifier(template)} WITH (FORCE)`
      } finally {
        await admin.close()
      }
    }
    await server.drop()
  }
}
