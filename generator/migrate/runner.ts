/**
 * The migration runner: applies and reverts migration files, recording them in
 * `dbridge_migrations` (id, checksum, applied_at). `up` holds an advisory lock, so two
 * deployers never apply at once; each migration runs in its own transaction (unless its
 * file opts out), so a failing one leaves the database as it was and is not recorded.
 */
import { relative } from 'node:path'
import { createDb, sql, type RawDb } from '../../runtime/index.js'
import { UserError } from '../diagnostics.js'
import type { MigrationFile } from './files.js'
import { migrationsTable } from './introspect.js'
import { cliConnectTimeout } from './server.js'
import { splitStatements } from './split.js'

/** The advisory lock key: the ASCII bytes of "dbridg" as a number. */
const lockKey = '110373989082215'

export interface AppliedMigration {
  id: string
  checksum: string
  appliedAt: Date
}

export type MigrationState = 'applied' | 'pending' | 'changed' | 'missing'

export interface MigrationStatus {
  id: string
  state: MigrationState
  appliedAt: Date | null
}

/** A connection of its own (a pool of one), so the session-level lock and the work share it. */
export function openSession(url: string): RawDb {
  return createDb({ url, max: 1, connectTimeout: cliConnectTimeout })
}

export async function ensureTable(db: RawDb): Promise<void> {
  await db.sql`CREATE TABLE IF NOT EXISTS ${sql.identifier(migrationsTable)} (
    id text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`
}

export async function appliedMigrations(db: RawDb): Promise<AppliedMigration[]> {
  const [exists] = await db.sql<{ found: boolean }>`select to_regclass(${migrationsTable}) is not null as found`
  if (!exists!.found) return []
  const rows = await db.sql<{ id: string; checksum: string; applied_at: Date }>`
    select id, checksum, applied_at from ${sql.identifier(migrationsTable)} order by id`
  return rows.map((r) => ({ id: r.id, checksum: r.checksum, appliedAt: r.applied_at }))
}

export function status(files: readonly MigrationFile[], applied: readonly AppliedMigration[]): MigrationStatus[] {
  const byId = new Map(applied.map((a) => [a.id, a]))
  const out: MigrationStatus[] = files.map((file) => {
    const record = byId.get(file.id)
    if (!record) return { id: file.id, state: 'pending', appliedAt: null }
    return { id: file.id, state: record.checksum === file.checksum ? 'applied' : 'changed', appliedAt: record.appliedAt }
  })
  for (const record of applied) {
    if (!files.some((f) => f.id === record.id)) out.push({ id: record.id, state: 'missing', appliedAt: record.appliedAt })
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1))
}

/** Refuses to go on when applied history and files disagree. */
function checkHistory(files: readonly MigrationFile[], applied: readonly AppliedMigration[]): void {
  const problems = status(files, applied).filter((s) => s.state === 'changed' || s.state === 'missing')
  if (problems.length === 0) return
  const lines = problems.map((p) =>
    p.state === 'changed'
      ? `  ${p.id}: the file changed after it was applied (checksum differs). Restore it from version control; write a new migration for new changes`
      : `  ${p.id}: applied to the database, but there is no file for it. Restore the file (or check out the branch that has it)`,
  )
  throw new UserError(`migration history does not match the files:\n${lines.join('\n')}`)
}

async function withLock<T>(db: RawDb, fn: () => Promise<T>): Promise<T> {
  await db.sql`select pg_advisory_lock(${sql.raw(lockKey)})`
  try {
    return await fn()
  } finally {
    await db.sql`select pg_advisory_unlock(${sql.raw(lockKey)})`.catch(() => undefined)
  }
}

/** Runs the statements of one part of a migration, naming the file and statement if one fails. */
export async function runScript(db: RawDb, file: MigrationFile, part: 'up' | 'down', record: (tx: RawDb) => Promise<void>): Promise<void> {
  const text = part === 'up' ? file.up : file.down
  const statements = splitStatements(text)
  // Line numbers in messages count from the top of the file.
  const offset = (part === 'up' ? file.upLine : file.downLine) - 1
  const run = async (tx: RawDb) => {
    for (const [i, statement] of statements.entries()) {
      try {
        await tx.sql`${sql.raw(statement.text)}`
      } catch (error) {
        const where = `${displayPath(file.path)}, ${part} statement ${i + 1} (line ${statement.line + offset})`
        const first = statement.text.split('\n')[0]!.slice(0, 120)
        const undone = file.noTransaction
          ? `it ran without a transaction (-- dbridge: no-transaction), so statements before this one stay applied; fix the database by hand before retrying`
          : `nothing of this migration was ${part === 'up' ? 'applied' : 'reverted'}`
        throw new MigrationError(`migration ${file.id} failed at ${where}: ${(error as Error).message}\n  statement: ${first}\n  ${undone}`, error)
      }
    }
    await record(tx)
  }
  if (file.noTransaction) await run(db)
  else await db.transaction(run as (tx: RawDb) => Promise<void>)
}

export class MigrationError extends UserError {
  constructor(
    message: string,
    override readonly cause: unknown,
  ) {
    super(message)
  }
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path)
  return rel.startsWith('..') ? path : rel
}

export interface UpResult {
  applied: string[]
  pending: MigrationFile[]
}

/** Applies pending migrations (up to `to`, inclusive). With `dryRun`, only returns what would run. */
export async function migrateUp(db: RawDb, files: readonly MigrationFile[], options: { to?: string; dryRun?: boolean } = {}): Promise<UpResult> {
  if (options.to !== undefined && !files.some((f) => f.id === options.to || f.id.startsWith(options.to + '_'))) {
    throw new UserError(`--to ${options.to}: no migration file has that id`)
  }
  const limit = options.to === undefined ? undefined : files.find((f) => f.id === options.to || f.id.startsWith(options.to! + '_'))!.id
  const select = (applied: readonly AppliedMigration[]) => {
    const done = new Set(applied.map((a) => a.id))
    return files.filter((f) => !done.has(f.id) && (limit === undefined || f.id <= limit))
  }
  if (options.dryRun) {
    const applied = await appliedMigrations(db)
    checkHistory(files, applied)
    return { applied: [], pending: select(applied) }
  }
  return withLock(db, async () => {
    await ensureTable(db)
    // Read the history under the lock: another deployer may just have applied some.
    const applied = await appliedMigrations(db)
    checkHistory(files, applied)
    const pending = select(applied)
    const done: string[] = []
    for (const file of pending) {
      await runScript(db, file, 'up', async (tx) => {
        await tx.sql`insert into ${sql.identifier(migrationsTable)} (id, checksum) values (${file.id}, ${file.checksum})`
      })
      done.push(file.id)
    }
    return { applied: done, pending }
  })
}

/** Reverts the last `steps` applied migrations, newest first. */
export async function migrateDown(db: RawDb, files: readonly MigrationFile[], steps: number): Promise<string[]> {
  return withLock(db, async () => {
    const applied = await appliedMigrations(db)
    checkHistory(files, applied)
    const targets = applied.slice(-steps).reverse()
    const reverted: string[] = []
    for (const record of targets) {
      const file = files.find((f) => f.id === record.id)!
      await runScript(db, file, 'down', async (tx) => {
        await tx.sql`delete from ${sql.identifier(migrationsTable)} where id = ${file.id}`
      })
      reverted.push(file.id)
    }
    return reverted
  })
}

/** Applies every file's up part to a fresh database (no tracking table). */
export async function applyAll(url: string, files: readonly MigrationFile[]): Promise<void> {
  const db = openSession(url)
  try {
    for (const file of files) await runScript(db, file, 'up', async () => undefined)
  } finally {
    await db.close()
  }
}
