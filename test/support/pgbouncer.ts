/**
 * A throwaway PgBouncer in transaction-pooling mode in front of the test server, on a free
 * loopback port: the Debian `pgbouncer` package, which `.ci/run` installs.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { freePort } from './ports.js'

export interface PgBouncer {
  /** `databaseUrl` with PgBouncer's host and port. */
  url(databaseUrl: string): string
  stop(): Promise<void>
}

const candidates = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer']

/**
 * The pgbouncer binary. On a Debian machine where the tests run as root (CI, a fresh
 * development container) a missing package is installed, so `npm test` needs no set-up
 * step; anywhere else the tests fail with what to install.
 */
function findBinary(): string {
  const onPath = (process.env.PATH ?? '').split(':').filter(Boolean).map((dir) => join(dir, 'pgbouncer'))
  const found = () => [...onPath, ...candidates].find((candidate) => existsSync(candidate))
  if (found()) return found()!
  if (userInfo().uid === 0 && existsSync('/usr/bin/apt-get')) {
    process.stderr.write('PgBouncer is not installed: installing the Debian package pgbouncer for the transaction-pooling tests\n')
    const apt = (args: string[]) => execFileSync('apt-get', args, { stdio: 'pipe', timeout: 300_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    try {
      apt(['install', '-y', '-q', 'pgbouncer'])
    } catch {
      apt(['update', '-q'])
      apt(['install', '-y', '-q', 'pgbouncer'])
    }
    if (found()) return found()!
  }
  throw new Error('these tests need PgBouncer: install it (Debian: apt-get install pgbouncer; macOS: brew install pgbouncer), as .ci/run does')
}

function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })
}

export async function startPgBouncer(serverUrl: string): Promise<PgBouncer> {
  const binary = findBinary()
  const server = new URL(serverUrl)
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'dbridge-pgbouncer-'))
  // PgBouncer refuses to run as root: it then runs as the postgres user, which must reach the files.
  const asRoot = userInfo().uid === 0
  chmodSync(dir, 0o777)
  const backend = [
    `host=${server.hostname.replace(/^\[|\]$/g, '')}`,
    `port=${server.port || 5432}`,
    `user=${decodeURIComponent(server.username || 'postgres')}`,
    server.password ? `password=${decodeURIComponent(server.password)}` : '',
  ].filter(Boolean).join(' ')
  const config = join(dir, 'pgbouncer.ini')
  writeFileSync(
    config,
    [
      '[databases]',
      `* = ${backend}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = any',
      'pool_mode = transaction',
      'max_client_conn = 200',
      'default_pool_size = 4',
      'server_reset_query =',
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      `pidfile = ${join(dir, 'pgbouncer.pid')}`,
      '',
    ].join('\n'),
  )
  chmodSync(config, 0o644)
  const child: ChildProcess = spawn(binary, [...(asRoot ? ['-u', 'postgres'] : []), config], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const log = () => [stderr, existsSync(join(dir, 'pgbouncer.log')) ? readFileSync(join(dir, 'pgbouncer.log'), 'utf8') : ''].join('\n').trim().slice(-2000)
  for (let i = 0; !(await accepting(port)); i++) {
    if (child.exitCode !== null || i > 100) {
      child.kill()
      const detail = log()
      rmSync(dir, { recursive: true, force: true })
      throw new Error(`PgBouncer did not start on port ${port}:\n${detail}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return {
    url(databaseUrl: string) {
      const url = new URL(databaseUrl)
      url.hostname = '127.0.0.1'
      url.port = String(port)
      return url.href
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGINT')
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

