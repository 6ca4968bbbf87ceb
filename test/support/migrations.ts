/** Helpers for migration tests: a project with a database, its schema in versions, and model comparisons. */
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { expect } from 'vitest'
import { createDb, sql } from '../../runtime/index.js'
import { introspect } from '../../generator/migrate/introspect.js'
import { diffModels } from '../../generator/migrate/diff.js'
import { renderSql } from '../../generator/migrate/render-sql.js'
import { renderSummary } from '../../generator/migrate/render-summary.js'
import type { SchemaModel } from '../../schema/model.js'
import { TempProject, type CliResult } from './project.js'
import { createTestDatabase, type TestDatabase } from './database.js'

export class MigrationProject {
  readonly project: TempProject
  database!: TestDatabase

  constructor() {
    this.project = new TempProject({
      'dbridge.config.ts': `import { defineConfig } from 'dbridge/config'\nexport default defineConfig({ schema: ['schema/*.schema.ts'], out: 'generated', migrations: 'migrations' })\n`,
    })
  }

  async init(): Promise<this> {
    this.database = await createTestDatabase()
    return this
  }

  /** Replaces the schema files with `files` (path -> source; the DSL is imported for them). */
  schema(files: Record<string, string>): void {
    rmSync(this.project.path('schema'), { recursive: true, force: true })
    for (const [path, text] of Object.entries(files)) this.project.write(`schema/${path}`, `import { table, t, enumType, index, unique, primaryKey, check, manyToMany, foreignKey, sql, type AnyColumn } from 'dbridge/schema'\n${text}`)
  }

  run(...args: string[]): CliResult {
    return this.project.run(args, { DATABASE_URL: this.database.url })
  }

  /** Runs a command that must succeed, returning its output. */
  ok(...args: string[]): CliResult {
    const result = this.run(...args)
    if (result.code !== 0) throw new Error(`dbridge ${args.join(' ')} exited ${result.code}:\n${result.stdout}\n${result.stderr}`)
    return result
  }

  migrationFiles(): string[] {
    try {
      return readdirSync(this.project.path('migrations')).sort()
    } catch {
      return []
    }
  }

  lastMigration(): string {
    const files = this.migrationFiles()
    return readFileSync(this.project.path(`migrations/${files.at(-1)}`), 'utf8')
  }

  async query<T extends object>(text: string): Promise<T[]> {
    const db = createDb({ url: this.database.url, max: 1 })
    try {
      return await db.sql<T>`${sql.raw(text)}`
    } finally {
      await db.close()
    }
  }

  async model(): Promise<SchemaModel> {
    const db = createDb({ url: this.database.url, max: 1 })
    try {
      return await introspect(db)
    } finally {
      await db.close()
    }
  }

  /** The database equals the current schema files (generated DDL applied to an empty database). */
  async expectMatchesSchema(): Promise<SchemaModel> {
    this.ok('generate')
    const scratch = await createTestDatabase(this.project.read('generated/schema.sql'))
    try {
      const db = createDb({ url: scratch.url, max: 1 })
      const expected = await introspect(db).finally(() => db.close())
      const actual = await this.model()
      expectSameModel(actual, expected)
      return actual
    } finally {
      await scratch.drop()
    }
  }

  async remove(): Promise<void> {
    this.project.remove()
    await this.database?.drop()
  }
}

/** Two models with no difference (extensions aside: migrations never drop them). */
export function expectSameModel(actual: SchemaModel, expected: SchemaModel): void {
  const changes = diffModels(actual, expected)
  expect(renderSql(changes), renderSummary(changes).join('\n')).toEqual([])
}
