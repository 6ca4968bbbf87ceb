/**
 * Migration files: `migrations/<YYYYMMDDHHMMSS>_<name>.sql`, holding
 *
 *   -- dbridge migration: 20261122093000_add_books
 *   -- up
 *   CREATE TABLE "books" (...);
 *   -- down
 *   DROP TABLE "books";
 *
 * A file may opt out of running in a transaction with a `-- dbridge: no-transaction` line.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { UserError } from '../diagnostics.js'

export interface MigrationFile {
  /** `20261122093000_add_books` */
  readonly id: string
  readonly path: string
  readonly up: string
  readonly down: string
  /** 1-based file line where each part's text begins. */
  readonly upLine: number
  readonly downLine: number
  readonly noTransaction: boolean
  /** sha256 of the file, with line endings normalized. */
  readonly checksum: string
}

const fileName = /^(\d{14})_([a-z0-9_]+)\.sql$/

export function checksumOf(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex')
}

export function parseMigration(path: string, id: string, text: string): MigrationFile {
  const lines = text.replace(/\r\n/g, '\n').split('\n')
  const header = lines.findIndex((line) => line.trim() !== '')
  const declared = /^--\s*dbridge migration:\s*(\S+)\s*$/.exec(lines[header] ?? '')
  if (!declared) throw new UserError(`${path}: the first line must be "-- dbridge migration: ${id}"`)
  if (declared[1] !== id) throw new UserError(`${path}: the header names ${declared[1]}, but the file is ${id}; rename one to match the other`)
  const upLine = lines.findIndex((line) => /^--\s*up\s*$/i.test(line))
  const downLine = lines.findIndex((line) => /^--\s*down\s*$/i.test(line))
  if (upLine === -1 || downLine === -1 || downLine < upLine) {
    throw new UserError(`${path}: needs a "-- up" line and, after it, a "-- down" line`)
  }
  return {
    id,
    path,
    up: lines.slice(upLine + 1, downLine).join('\n'),
    down: lines.slice(downLine + 1).join('\n'),
    upLine: upLine + 2,
    downLine: downLine + 2,
    noTransaction: lines.some((line) => /^--\s*dbridge:\s*no-transaction\s*$/i.test(line)),
    checksum: checksumOf(text),
  }
}

/** The migration files in `dir`, in id order. A missing directory has none. */
export function readMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir)) return []
  const files: MigrationFile[] = []
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.sql')) continue
    const match = fileName.exec(name)
    if (!match) {
      throw new UserError(`${join(dir, name)}: migration files are named <YYYYMMDDHHMMSS>_<name>.sql (lower case, digits, _)`)
    }
    const path = join(dir, name)
    files.push(parseMigration(path, name.slice(0, -4), readFileSync(path, 'utf8')))
  }
  const seen = new Map<string, string>()
  for (const file of files) {
    const stamp = file.id.slice(0, 14)
    if (seen.has(stamp)) throw new UserError(`${file.path} and ${seen.get(stamp)} have the same timestamp; rename one`)
    seen.set(stamp, file.path)
  }
  return files
}

/** `YYYYMMDDHHMMSS` in UTC, one second after the newest existing migration if that is later. */
export function nextTimestamp(existing: readonly MigrationFile[], now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  let stamp = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`
  const newest = existing.at(-1)?.id.slice(0, 14)
  if (newest && stamp <= newest) {
    const n = BigInt(newest) + 1n
    stamp = String(n)
  }
  return stamp
}

export function migrationText(id: string, up: readonly string[], down: readonly string[], notes: readonly string[]): string {
  const lines = [`-- dbridge migration: ${id}`]
  for (const note of notes) lines.push(`-- ${note}`)
  lines.push('-- up', ...up, '-- down', ...down)
  return lines.join('\n') + '\n'
}

export function writeMigration(dir: string, id: string, text: string): string {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `${id}.sql`)
  writeFileSync(path, text, { flag: 'wx' })
  return path
}
