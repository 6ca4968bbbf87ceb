/**
 * Migration tooling: introspecting a database of N tables (with foreign keys, a unique
 * constraint, a check and two indexes each) and diffing it against a model with one change.
 */
import { Bench } from 'tinybench'
import { createDb } from '../runtime/index.js'
import { introspect } from '../generator/migrate/introspect.js'
import { diffModels } from '../generator/migrate/diff.js'
import { renderSql } from '../generator/migrate/render-sql.js'
import type { SchemaModel } from '../schema/model.js'
import { createBenchDatabase } from './database.js'

export interface MigrateResult {
  tables: number
  introspectMs: number
  diffMs: number
  totalMs: number
  runs: number
}

function ddl(tables: number): string {
  const parts = [`CREATE TYPE status AS ENUM ('draft', 'live', 'archived');`]
  for (let i = 0; i < tables; i++) {
    const parent = i === 0 ? '' : `, parent_id bigint REFERENCES t${Math.floor(i / 2)} (id) ON DELETE CASCADE`
    parts.push(`CREATE TABLE t${i} (
      id bigserial PRIMARY KEY${parent},
      name text NOT NULL CHECK (char_length(name) <= 200),
      slug varchar(80) NOT NULL UNIQUE,
      status status NOT NULL DEFAULT 'draft',
      price numeric(12, 2) NOT NULL DEFAULT 0,
      quantity integer NOT NULL DEFAULT 0,
      tags text[] NOT NULL DEFAULT '{}',
      attributes jsonb,
      published_on date,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz
    );`)
    parts.push(`CREATE INDEX t${i}_created_at_idx ON t${i} (created_at);`)
    if (i > 0) parts.push(`CREATE INDEX t${i}_parent_id_idx ON t${i} (parent_id);`)
  }
  return parts.join('\n')
}

function withOneChange(model: SchemaModel): SchemaModel {
  const [first, ...rest] = model.tables
  const changed = { ...first!, columns: [...first!.columns, { ...first!.columns[2]!, name: 'added', tsName: 'added', nullable: true }] }
  return { ...model, tables: [changed, ...rest] }
}

export async function migrateBenchmarks(options: { quick: boolean }): Promise<MigrateResult[]> {
  const results: MigrateResult[] = []
  for (const tables of options.quick ? [100] : [100, 1000]) {
    const database = await createBenchDatabase(ddl(tables))
    const db = createDb({ url: database.url, max: 1 })
    try {
      const introspectTimes: number[] = []
      const diffTimes: number[] = []
      const bench = new Bench({ iterations: options.quick ? 2 : 5, time: 0, warmup: false, throws: true })
      bench.add(`${tables} tables`, async () => {
        const start = performance.now()
        const model = await introspect(db)
        const mid = performance.now()
        const statements = renderSql(diffModels(model, withOneChange(model)))
        if (statements.length !== 1) throw new Error('the benchmark diff should find exactly one change')
        introspectTimes.push(mid - start)
        diffTimes.push(performance.now() - mid)
      })
      await bench.run()
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!
      const totals = introspectTimes.map((t, i) => t + diffTimes[i]!)
      results.push({ tables, introspectMs: median(introspectTimes), diffMs: median(diffTimes), totalMs: median(totals), runs: totals.length })
    } finally {
      await db.close()
      await database.drop()
    }
  }
  return results
}
