/**
 * The embedded PostgreSQL when we run as root. PostgreSQL refuses to run as root, so its
 * programs run as the `postgres` user, which needs to reach both the programs and the data
 * directory. A project under a directory that user cannot enter (root's home, a `mktemp -d`
 * directory: mode 0700) gets its data in a per-project directory under a shared, root-owned
 * location (`/var/tmp/dbridge-<hash of the project path>`), linked from `.dbridge/data` so
 * the next command finds the same server; and programs installed there get a root-owned copy
 * in the same location, one per version.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  symlinkSync,
  type Stats,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { UserError } from '../diagnostics.js'
import { binariesIn, type PostgresBinaries } from './embedded-binaries.js'

export interface ServerUser {
  readonly name: string
  readonly uid: number
  readonly gid: number
}

const serverUserName = 'postgres'

function idsOf(name: string): ServerUser | undefined {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim())
    return { name, uid: id('-u'), gid: id('-g') }
  } catch {
    return undefined
  }
}

/** The user the server runs as, created (with its group) when the system has none. */
export function serverUser(): ServerUser {
  const existing = idsOf(serverUserName)
  if (existing) return existing
  try {
    execFileSync('groupadd', ['-f', serverUserName], { stdio: 'ignore' })
    execFileSync('useradd', ['-g', serverUserName, serverUserName], { stdio: 'ignore' })
  } catch {
    // Reported below, with what to do.
  }
  const created = idsOf(serverUserName)
  if (created) return created
  throw new UserError(
    `PostgreSQL refuses to run as root and there is no ${serverUserName} user to run the embedded server as, nor could one be created; ` +
      `create it (useradd ${serverUserName}), run dbridge as another user, or set DATABASE_URL to use another server`,
  )
}

/** The permission bit that decides whether `user` may enter a directory with these stats. */
function searchBit(user: ServerUser, stats: Stats): number {
  if (stats.uid === user.uid) return 0o100
  // Programs started for another user keep only that user's primary group (setgroups(0)).
  if (stats.gid === user.gid) return 0o010
  return 0o001
}

/** The first directory from the top down to `dir` that `user` may not enter, if any. */
export function blockingDirectory(user: ServerUser, dir: string): string | undefined {
  const real = realpathSync(dir)
  const chain: string[] = []
  for (let d = real; ; d = dirname(d)) {
    chain.unshift(d)
    if (dirname(d) === d) break
  }
  return chain.find((d) => {
    const stats = statSync(d)
    return (stats.mode & searchBit(user, stats)) === 0
  })
}

/** Whether `user` can run `program`: it reaches and may execute it, and it loads its libraries. */
export function canRun(user: ServerUser, program: string): boolean {
  const result = spawnSync(program, ['--version'], { uid: user.uid, gid: user.gid, cwd: '/', stdio: 'ignore', timeout: 30_000 })
  return result.error === undefined && result.status === 0
}

/**
 * A shared location for what the server's user must reach: a directory it may enter that is
 * root's or sticky (so nobody can replace what we put there).
 */
export function sharedBase(user: ServerUser): string {
  const candidates = ['/var/tmp', tmpdir(), '/tmp']
  const usable = candidates.find((dir) => {
    try {
      const stats = statSync(dir)
      return stats.isDirectory() && (stats.uid === 0 || (stats.mode & 0o1000) !== 0) && blockingDirectory(user, dir) === undefined
    } catch {
      return false
    }
  })
  if (usable) return usable
  throw new UserError(
    `the embedded PostgreSQL runs as the ${user.name} user, which can enter none of ${candidates.join(', ')} to keep its files in; ` +
      'run dbridge as another user, or set DATABASE_URL to use another server',
  )
}

/** Refuses a directory someone other than root could change: we hand its contents to another user. */
function checkRootOwned(path: string): void {
  const stats = lstatSync(path)
  if (stats.isDirectory() && stats.uid === 0 && (stats.mode & 0o022) === 0) return
  throw new UserError(`${path} is not a directory that only root can change; remove it (rm -rf ${path}) and run the command again`)
}

/** A root-owned directory every user may enter (mode 0755), created if missing. */
export function rootOwnedDirectory(path: string): string {
  try {
    mkdirSync(path, { mode: 0o755 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  checkRootOwned(path)
  // The umask may have taken the bits others need.
  chmodSync(path, 0o755)
  return path
}

/**
 * Like `chmod -R go+rX`: the copy keeps the modes of an install that may have been made
 * under a strict umask, and the server's user must read it all and run the programs.
 */
function openToOthers(path: string): void {
  const stats = lstatSync(path)
  if (stats.isSymbolicLink()) return
  if (stats.isDirectory()) {
    chmodSync(path, 0o755)
    for (const entry of readdirSync(path)) openToOthers(join(path, entry))
    return
  }
  const executable = (stats.mode & 0o100) !== 0
  // Never setuid or setgid: root owns the copy.
  chmodSync(path, (stats.mode & 0o755) | 0o044 | (executable ? 0o011 : 0))
}

/** Copies `native` to `target` in one step (a copy others may see is always complete). */
function copyNative(native: string, target: string): void {
  const staging = `${target}.partial-${process.pid}-${randomBytes(4).toString('hex')}`
  try {
    cpSync(native, staging, { recursive: true, verbatimSymlinks: true })
    openToOthers(staging)
    renameSync(staging, target)
  } catch (error) {
    rmSync(staging, { recursive: true, force: true })
    // Another command made the same copy at the same time: use theirs.
    if (!existsSync(target)) throw error
  }
}

/** Programs `user` can run: the installed ones, else a copy in the shared location (made once per version). */
export function binariesFor(user: ServerUser, packaged: PostgresBinaries, base: () => string): PostgresBinaries {
  if (canRun(user, packaged.postgres)) return packaged
  const copy = join(base(), `dbridge-postgres-${packaged.version}-${process.platform}-${process.arch}`)
  if (!existsSync(copy)) copyNative(packaged.native, copy)
  checkRootOwned(copy)
  const binaries = binariesIn(copy, packaged)
  if (canRun(user, binaries.postgres)) return binaries
  throw new UserError(
    `the embedded PostgreSQL runs as the ${user.name} user, which cannot run ${binaries.postgres}; ` +
      `remove ${copy} and try again, or set DATABASE_URL to use another server`,
  )
}

function lstatIfExists(path: string): Stats | undefined {
  try {
    return lstatSync(path)
  } catch {
    return undefined
  }
}

/** The shared directory for the project whose `.dbridge` is `dir`. */
function sharedHomeOf(dir: string, base: string): string {
  const hash = createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 16)
  return join(base, `dbridge-${hash}`)
}

/**
 * The data directory for the server whose files live in `dir` (`.dbridge`): `dir/data` when
 * `user` can reach it, else a directory in the shared location that `dir/data` links to. Returns where
 * the data really is; it may not exist yet.
 */
export function dataDirectoryFor(user: ServerUser, dir: string, base: () => string): string {
  const link = join(dir, 'data')
  const existing = lstatIfExists(link)
  if (existing?.isSymbolicLink()) {
    const target = resolve(dir, readlinkSync(link))
    // The shared location may have been cleaned (tmp cleaners): start again there.
    if (!existsSync(dirname(target))) rootOwnedDirectory(dirname(target))
    return target
  }
  const blocking = blockingDirectory(user, dirname(dir))
  if (blocking === undefined) {
    openForSearch(dir)
    return link
  }
  if (existing) {
    if (existsSync(join(link, 'PG_VERSION'))) {
      throw new UserError(
        `the embedded PostgreSQL in ${link} runs as the ${user.name} user, which cannot enter ${blocking}; ` +
          `allow it (chmod o+x ${blocking}), or move the project elsewhere`,
      )
    }
    // An empty directory left by an attempt that could not start: the data goes elsewhere.
    rmdirSync(link)
  }
  const home = rootOwnedDirectory(sharedHomeOf(dir, base()))
  const data = join(home, 'data')
  try {
    symlinkSync(data, link)
  } catch (error) {
    // Another command of this project linked it at the same moment: the same place.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !lstatSync(link).isSymbolicLink()) throw error
  }
  return resolve(dir, readlinkSync(link))
}

/** Lets others enter `dir` (not list or change it): the server's user passes through it. */
function openForSearch(dir: string): void {
  const mode = statSync(dir).mode
  if ((mode & 0o011) !== 0o011) chmodSync(dir, mode | 0o011)
}

/** Gives a data directory that has no cluster yet to `user`, private to it (PostgreSQL requires that). */
export function prepareDataDirectory(user: ServerUser, dataDir: string): void {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  chownSync(dataDir, user.uid, user.gid)
  chmodSync(dataDir, 0o700)
}
