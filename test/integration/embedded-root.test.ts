/**
 * The embedded PostgreSQL when its programs cannot run in place: run as root, they run as the
 * postgres user, which cannot enter a 0700 directory such as a `mktemp -d` one or root's home.
 * Also, for every user: a program that cannot be started rejects; it never crashes the process.
 */
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { binariesIn, packagedBinaries } from '../../generator/dev/embedded-binaries.js'
import { ProgramError, runProgram, startPostmaster } from '../../generator/dev/embedded-process.js'
import { binariesFor, canRun, serverUser } from '../../generator/dev/embedded-root.js'
import { startEmbeddedPostgres } from '../../generator/dev/embedded.js'
import { createDb } from '../../runtime/index.js'
import { TempProject } from '../support/project.js'

const asRoot = process.getuid?.() === 0
const rootOnly = 'runs only as root: only then does the server run as another user (postgres)'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

/** A directory like `mktemp -d` makes: mode 0700, so the postgres user cannot enter it. */
function privateDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dbridge-private-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  expect(statSync(dir).mode & 0o777).toBe(0o700)
  return dir
}

/** The directory `.dbridge/data` links to, removed after the test (it lives outside the project). */
function relocatedData(dotDbridge: string): string {
  const link = join(dotDbridge, 'data')
  expect(lstatSync(link).isSymbolicLink()).toBe(true)
  const target = readlinkSync(link)
  cleanups.push(() => rmSync(dirname(target), { recursive: true, force: true }))
  return target
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('the embedded server of a project in a directory the postgres user cannot enter', () => {
  it('serves the CLI: migrate diff, up and status find the same server, whose data lives outside, and stop it', (ctx) => {
    ctx.skip(!asRoot, rootOnly)
    const project = new TempProject(
      {
        'dbridge.config.ts': `import { defineConfig } from 'dbridge/config'\nexport default defineConfig({ schema: ['schema/*.schema.ts'], migrations: 'migrations' })\n`,
        'schema/books.schema.ts': `import { table, t } from 'dbridge/schema'\nexport const books = table('books', { id: t.serial().primaryKey(), title: t.text() })\n`,
      },
      { parent: privateDirectory() },
    )
    const diff = project.run(['migrate', 'diff', '--name', 'init'])
    expect(diff.stderr).toBe('')
    expect(diff.code).toBe(0)
    expect(diff.stdout).toMatch(/wrote migrations\/\d+_init\.sql/)
    const data = relocatedData(project.path('.dbridge'))
    expect(data.startsWith(realpathSync(dirname(project.dir)))).toBe(false)
    expect(statSync(data).uid).toBe(serverUser().uid)
    expect(statSync(dirname(data)).uid).toBe(0)

    expect(project.run(['migrate', 'up'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/applied \d+_init/) })
    // A new command, the same server and data: the migration is recorded as applied.
    const status = project.run(['migrate', 'status'])
    expect(status).toMatchObject({ code: 0, stdout: expect.stringMatching(/^applied\s+\d+_init/) })
    // PostgreSQL removes its pid file when it shuts down cleanly; it stays while it runs.
    expect(existsSync(join(data, 'postmaster.pid'))).toBe(false)
  })

  it('is started by the library, keeps its data across restarts, and is gone after stop', async (ctx) => {
    ctx.skip(!asRoot, rootOnly)
    const dir = join(privateDirectory(), 'project', '.dbridge')
    // An empty data directory, as left by versions that could not start here.
    mkdirSync(join(dir, 'data'), { recursive: true })
    let server = await startEmbeddedPostgres({ dir })
    const data = relocatedData(dir)
    const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0])
    try {
      const db = createDb({ url: server.url, max: 1 })
      await db.sql`create table kept (value text)`
      await db.sql`insert into kept values ('still here')`
      await db.close()
    } finally {
      await server.stop()
    }
    expect(processAlive(pid)).toBe(false)
    server = await startEmbeddedPostgres({ dir })
    try {
      const db = createDb({ url: server.url, max: 1 })
      expect(await db.sql`select value from kept`).toEqual([{ value: 'still here' }])
      await db.close()
    } finally {
      await server.stop()
    }
  })

  it('refuses, in one line saying what to do, a cluster already inside the directory it cannot reach', async (ctx) => {
    ctx.skip(!asRoot, rootOnly)
    const outer = privateDirectory()
    const dir = join(outer, 'project', '.dbridge')
    mkdirSync(join(dir, 'data'), { recursive: true })
    writeFileSync(join(dir, 'data', 'PG_VERSION'), '17\n')
    const error = (await startEmbeddedPostgres({ dir }).catch((e: unknown) => e)) as Error
    expect(error.message).not.toContain('\n')
    expect(error.message).toContain(`cannot enter ${realpathSync(outer)}`)
    expect(error.message).toContain(`chmod o+x ${realpathSync(outer)}`)
  })
})

describe('programs the postgres user cannot reach where they are installed', () => {
  /** The installed programs, copied to a 0700 directory. */
  async function unreachableBinaries() {
    const packaged = await packagedBinaries()
    const native = join(privateDirectory(), 'native')
    cpSync(packaged.native, native, { recursive: true, verbatimSymlinks: true })
    return binariesIn(native, packaged)
  }

  /** A root-owned directory every user may enter, standing in for /var/tmp. */
  function sharedLocation(): string {
    const base = mkdtempSync(join(tmpdir(), 'dbridge-shared-'))
    cleanups.push(() => rmSync(base, { recursive: true, force: true }))
    chmodSync(base, 0o755)
    return base
  }

  it('run from a root-owned copy in the shared location, made once per version', async (ctx) => {
    ctx.skip(!asRoot, rootOnly)
    const user = serverUser()
    const hidden = await unreachableBinaries()
    expect(canRun(user, hidden.postgres)).toBe(false)
    // As an install made under umask 077 would have them.
    chmodSync(hidden.postgres, 0o700)
    chmodSync(join(hidden.native, 'lib'), 0o700)
    const base = sharedLocation()
    const usable = binariesFor(user, hidden, () => base)
    expect(usable.native).toBe(join(base, `dbridge-postgres-${hidden.version}-${process.platform}-${process.arch}`))
    expect(canRun(user, usable.postgres)).toBe(true)
    expect(canRun(user, usable.initdb)).toBe(true)
    const copied = statSync(usable.native)
    expect(copied.uid).toBe(0)
    expect(copied.mode & 0o777).toBe(0o755)
    // The next command uses the same copy as it is.
    expect(binariesFor(user, hidden, () => base)).toEqual(usable)
    expect(statSync(usable.native).ctimeMs).toBe(copied.ctimeMs)
  })

  it('refuse a copy someone else could have changed, in one line', async (ctx) => {
    ctx.skip(!asRoot, rootOnly)
    const user = serverUser()
    const hidden = await unreachableBinaries()
    const base = sharedLocation()
    const planted = join(base, `dbridge-postgres-${hidden.version}-${process.platform}-${process.arch}`)
    mkdirSync(planted)
    chownSync(planted, user.uid, user.gid)
    const error = (() => {
      try {
        binariesFor(user, hidden, () => base)
      } catch (e) {
        return e as Error
      }
    })()
    expect(error?.message).toBe(`${planted} is not a directory that only root can change; remove it (rm -rf ${planted}) and run the command again`)
  })
})

describe('a program that cannot be started', () => {
  const options = { runAs: {}, cwd: tmpdir() }

  it('rejects (the child process error is handled) for initdb and for the server', async () => {
    const missing = join(tmpdir(), 'dbridge-no-such-dir', 'bin', 'initdb')
    const once = (await runProgram(missing, [], options).catch((e: unknown) => e)) as ProgramError
    expect(once).toBeInstanceOf(ProgramError)
    expect(once.notStarted).toBe(true)
    expect(once.message).toContain(`cannot run ${missing} (spawn ${missing} ENOENT)`)
    const server = (await startPostmaster(missing, [], options).catch((e: unknown) => e)) as ProgramError
    expect(server).toBeInstanceOf(ProgramError)
    expect(server.notStarted).toBe(true)
  })

  it('is reported by startEmbeddedPostgres as a failure to start, not as a crash', async () => {
    // A data directory that is a file: initdb runs but fails; its output is in the message.
    const dir = mkdtempSync(join(tmpdir(), 'dbridge-broken-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    writeFileSync(join(dir, 'data'), 'not a directory')
    const error = (await startEmbeddedPostgres({ dir }).catch((e: unknown) => e)) as Error
    expect(error.message).toMatch(/^could not start the embedded PostgreSQL in .*data: /)
  })
})
