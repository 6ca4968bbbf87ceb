/** `dbridge migrate diff | up | down | status | drift`: what the CLI runs. */
import { relative } from 'node:path'
import { createInterface } from 'node:readline/promises'
import { sql } from '../../runtime/index.js'
import type { SchemaModel } from '../../schema/model.js'
import type { ResolvedConfig } from '../config.js'
import { UsageError, UserError } from '../diagnostics.js'
import { schemaSql } from '../emit/ddl.js'
import { buildModel } from '../generate.js'
import { toPosix } from '../glob.js'
import { diffModels, renameCandidates, reverseRenames, type Lint, type RenameCandidate, type Renames } from './diff.js'
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

function describeCandidate(c: RenameCandidate): string {
  return c.kind === 'table' ? `table ${c.from} -> ${c.to}` : `column ${c.table}.${c.from} -> ${c.table}.${c.to}`
}

function flagOf(c: RenameCandidate): string {
  return c.kind === 'table' ? `--rename ${c.from}=${c.to}` : `--rename ${c.table}.${c.from}=${c.table}.${c.to}`
}

/** Parses `--rename old=new` (tables) and `--rename table.old=table.new` / `table.old=new` (columns). */
export function parseRenames(flags: readonly string[]): RenameCandidate[] {
  return flags.map((flag) => {
    const match = /^([^=.\s]+)(?:\.([^=.\s]+))?=([^=.\s]+)(?:\.([^=.\s]+))?$/.exec(flag)
    if (!match) throw new UsageError(`--rename ${flag}: expected old=new for a table, or table.old=table.new for a column`)
    const [, a, b, c, d] = match
    if (b === undefined) {
      if (d !== undefined) throw new UsageError(`--rename ${flag}: a table renames to a table name (old=new)`)
      return { kind: 'table', from: a!, to: c! }
    }
    if (d !== undefined && c !== a) throw new UsageError(`--rename ${flag}: a column keeps its table (table.old=table.new)`)
    return { kind: 'column', table: a!, from: b, to: d ?? c! }
  })
}

function toRenames(chosen: readonly RenameCandidate[]): Renames {
  const tables = new Map<string, string>()
  const columns = new Map<string, Map<string, string>>()
  for (const c of chosen) {
    if (c.kind === 'table') tables.set(c.from, c.to)
    else {
      if (!columns.has(c.table!)) columns.set(c.table!, new Map())
      columns.get(c.table!)!.set(c.from, c.to)
    }
  }
  return { tables, columns }
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

function formatLints(lints: readonly Lint[]): string[] {
  return lints.map((l) => `${l.level}: ${l.message}`)
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
  const given = parseRenames(options.rename)
  const candidates = renameCandidates(current, desired)
  for (const flag of given) {
    const known =
      flag.kind === 'table'
        ? current.tables.some((t) => t.name === flag.from) && desired.tables.some((t) => t.name === flag.to)
        : desired.tables.some((t) => t.name === flag.table && t.columns.some((c) => c.name === flag.to))
    if (!known) throw new UserError(`--rename ${flagOf(flag).slice(9)}: no such ${flag.kind} to rename (the migrations have the old name, the schema files the new one)`)
  }
  const undecided = candidates.filter(
    (c) => !given.some((g) => g.kind === c.kind && (g.from === c.from || g.to === c.to) && (c.kind === 'table' || g.table === c.table)),
  )
  let chosen = [...given]
  if (undecided.length > 0 && !options.noRename) {
    if (options.interactive) chosen = [...chosen, ...(await askRenames(undecided, output))]
    else {
      throw new UserError(
        `the diff drops and adds what may be renames; dbridge never drops data on a guess:\n` +
          undecided.map((c) => `  ${describeCandidate(c)}: pass ${flagOf(c)}`).join('\n') +
          `\n  or pass --no-rename to drop and add them`,
      )
    }
  }
  const renames = toRenames(chosen)
  const up = diffModels(current, desired, renames)
  if (up.statements.length === 0) {
    output.out('no changes')
    return 0
  }
  const down = diffModels(desired, current, reverseRenames(renames))
  const id = `${nextTimestamp(files)}_${options.name}`
  const text = migrationText(id, up.statements, down.statements, formatLints(up.lints).map((l) => `lint ${l}`))
  const path = writeMigration(config.migrations, id, text)
  output.out(`wrote ${show(path)}:`)
  for (const line of up.summary) output.out(`  ${line}`)
  for (const line of formatLints(up.lints)) output.err(`  ${line}`)
  return 0
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
    if (toMigrations.statements.length === 0) {
      output.out(`no drift: the database matches ${files.length} migration file${files.length === 1 ? '' : 's'}`)
      return 0
    }
    output.err('drift: the database differs from the migration files. Bringing it back to the migrations would take:')
    for (const line of toMigrations.summary) output.err(`  ${line}`)
    output.err('SQL:')
    for (const statement of toMigrations.statements) output.err(`  ${statement.replace(/\n/g, '\n  ')}`)
    return 1
  })
}
