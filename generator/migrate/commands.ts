/** `dbridge migrate diff | up | down | status | drift`: what the CLI runs. */
import { relative } from 'node:path'
import { createInterface } from 'node:readline/promises'
import { sql } from '../../runtime/index.js'
import type { SchemaModel } from '../../schema/model.js'
import type { ResolvedConfig } from '../config.js'
import { UsageError, UserError } from '../diagnostics.js'
import { schemaSql } from '../emit/ddl.js'
import { buildModel } from '../generate.js'
import { toPosix } from '../load/glob.js'
import { diffModels } from './diff.js'
import { formatLint, renderLints } from './lints.js'
import { renderSql } from './render-sql.js'
import { renderSummary } from './render-summary.js'
import { describeCandidate, flagOf, parseRenames, reverseRenames, toRenames, undecidedRenames, type RenameCandidate } from './renames.js'
import { migrationText, nextTimestamp, readMigrations, writeMigration, type MigrationFile } from './files.js'
import { introspect } from './introspect.js'
import { applyAll, appliedMigrations, migrateDown, migrateUp, openSession, status } from './runner.js'
import { withDatabase, withScratchDatabase } from './server.js'

export interface Output {
  out: (line: string) => void
  err: (line: string) => void
}

const show = (path: string) => toPosix(relative(process.cwd(), path)) || '.'

/** The model the migration files produce: applied to a scratch database and read back. */
export async function modelOfMigrations(serverUrl: string, files: readonly MigrationFile[]): Promise<SchemaModel> {
  return withScratchDatabase(serverUrl, async (db, url) => {
    await applyAll(url, files)
    return introspect(db)
  })
}

/** The model of the schema files as PostgreSQL normalizes it (their DDL applied to a scratch database). */
export async function modelOfSchema(serverUrl: string, model: SchemaModel): Promise<SchemaModel> {
  return withScratchDatabase(serverUrl, async (db) => {
    await db.sql`${sql.raw(schemaSql(model))}`
    return introspect(db)
  })
}

async function askRenames(candidates: readonly RenameCandidate[], output: Output): Promise<RenameCandidate[]> {
  const rl = createInterface({ input: process.stdin, output: process.stdout })
  const chosen: RenameCandidate[] = []
  try {
    for (const candidate of candidates) {
      const answer = await rl.question(`Is ${describeCandidate(candidate)} a rename? (y = rename and keep the data, n = drop and add) [y/n] `)
      if (/^y(es)?$/i.test(answer.trim())) chosen.push(candidate)
      else output.out(`  treating ${describeCandidate(candidate)} as a drop and an add`)
    }
  } finally {
    rl.close()
  }
  return chosen
}

export interface DiffOptions {
  name: string
  rename: readonly string[]
  noRename: boolean
  interactive: boolean
}

export async function diffCommand(config: ResolvedConfig, options: DiffOptions, output: Output): Promise<number> {
  if (!/^[a-z0-9_]+$/.test(options.name)) throw new UsageError(`--name ${options.name}: use lower-case letters, digits and _`)
  const model = await buildModel(config)
  const files = readMigrations(config.migrations)
  const [current, desired] = await withDatabase(config, async (server) => [await modelOfMigrations(server, files), await modelOfSchema(server, model)] as const)
  const renames = toRenames(await chooseRenames(current, desired, options, output))
  const up = diffModels(current, desired, renames)
  const statements = renderSql(up)
  if (statements.length === 0) {
    output.out('no changes')
    return 0
  }
  const down = renderSql(diffModels(desired, current, reverseRenames(renames)))
  const lints = renderLints(up).map(formatLint)
  const id = `${nextTimestamp(files)}_${options.name}`
  const text = migrationText(id, statements, down, lints.map((l) => `lint ${l}`))
  const path = writeMigration(config.migrations, id, text)
  output.out(`wrote ${show(path)}:`)
  for (const line of renderSummary(up)) output.out(`  ${line}`)
  for (const line of lints) output.err(`  ${line}`)
  return 0
}

/**
 * The renames to make: those the flags give, and for each other candidate the answer to a
 * question (in a terminal) or, elsewhere, an error naming the flags to pass. Tables are
 * decided first, so that a renamed table's columns are compared with the table it was.
 */
async function chooseRenames(current: SchemaModel, desired: SchemaModel, options: DiffOptions, output: Output): Promise<RenameCandidate[]> {
  const given = parseRenames(options.rename)
  for (const flag of given) {
    const known =
      flag.kind === 'table'
        ? current.tables.some((t) => t.name === flag.from) && desired.tables.some((t) => t.name === flag.to)
        : desired.tables.some((t) => t.name === flag.table && t.columns.some((c) => c.name === flag.to))
    if (!known) throw new UserError(`--rename ${flagOf(flag).slice(9)}: no such ${flag.kind} to rename (the migrations have the old name, the schema files the new one)`)
  }
  const chosen = [...given]
  if (options.noRename) return chosen
  const tables = undecidedRenames(current, desired, given, 'table')
  if (options.interactive) {
    if (tables.length > 0) chosen.push(...(await askRenames(tables, output)))
    const columns = undecidedRenames(current, desired, given, 'column', chosen)
    if (columns.length > 0) chosen.push(...(await askRenames(columns, output)))
    return chosen
  }
  // Listed with the columns of the tables that may be renames, so one run names every flag.
  const columns = undecidedRenames(current, desired, given, 'column', [...given, ...tables])
  if (tables.length + columns.length > 0) {
    throw new UserError(
      `the diff drops and adds what may be renames; dbridge never drops data on a guess:\n` +
        [...tables, ...columns].map((c) => `  ${describeCandidate(c)}: pass ${flagOf(c)}`).join('\n') +
        `\n  or pass --no-rename to drop and add them`,
    )
  }
  return chosen
}

export async function upCommand(config: ResolvedConfig, options: { to?: string; dryRun: boolean }, output: Output): Promise<number> {
  const files = readMigrations(config.migrations)
  return withDatabase(config, async (url) => {
    const db = openSession(url)
    try {
      const result = await migrateUp(db, files, options)
      if (options.dryRun) {
        if (result.pending.length === 0) output.out('nothing to apply')
        for (const file of result.pending) {
          output.out(`-- ${file.id}${file.noTransaction ? ' (no transaction)' : ''}`)
          output.out(file.up.trim())
        }
        return 0
      }
      if (result.applied.length === 0) output.out('nothing to apply: the database is up to date')
      for (const id of result.applied) output.out(`applied ${id}`)
      return 0
    } finally {
      await db.close()
    }
  })
}

export async function downCommand(config: ResolvedConfig, steps: number, output: Output): Promise<number> {
  if (!Number.isInteger(steps) || steps < 1) throw new UsageError('--steps takes a positive integer')
  const files = readMigrations(config.migrations)
  return withDatabase(config, async (url) => {
    const db = openSession(url)
    try {
      const reverted = await migrateDown(db, files, steps)
      if (reverted.length === 0) output.out('nothing to revert')
      for (const id of reverted) output.out(`reverted ${id}`)
      return 0
    } finally {
      await db.close()
    }
  })
}

export async function statusCommand(config: ResolvedConfig, output: Output): Promise<number> {
  const files = readMigrations(config.migrations)
  return withDatabase(config, async (url) => {
    const db = openSession(url)
    try {
      const rows = status(files, await appliedMigrations(db))
      if (rows.length === 0) output.out(`no migrations in ${show(config.migrations)}`)
      for (const row of rows) {
        const when = row.appliedAt ? `  ${row.appliedAt.toISOString()}` : ''
        output.out(`${row.state.padEnd(8)} ${row.id}${when}`)
      }
      const changed = rows.filter((r) => r.state === 'changed' || r.state === 'missing')
      if (changed.length > 0) {
        output.err(`${changed.length} applied migration${changed.length === 1 ? '' : 's'} no longer match${changed.length === 1 ? 'es' : ''} the files; migrate up refuses to run until they do`)
      }
      return 0
    } finally {
      await db.close()
    }
  })
}

export async function driftCommand(config: ResolvedConfig, output: Output): Promise<number> {
  const files = readMigrations(config.migrations)
  return withDatabase(config, async (url) => {
    const db = openSession(url)
    let live: SchemaModel
    try {
      live = await introspect(db)
    } finally {
      await db.close()
    }
    const expected = await modelOfMigrations(url, files)
    const toMigrations = diffModels(live, expected)
    const statements = renderSql(toMigrations)
    if (statements.length === 0) {
      output.out(`no drift: the database matches ${files.length} migration file${files.length === 1 ? '' : 's'}`)
      return 0
    }
    output.err('drift: the database differs from the migration files. Bringing it back to the migrations would take:')
    for (const line of renderSummary(toMigrations)) output.err(`  ${line}`)
    output.err('SQL:')
    for (const statement of statements) output.err(`  ${statement.replace(/\n/g, '\n  ')}`)
    return 1
  })
}
