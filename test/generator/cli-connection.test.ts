/**
 * Every command that connects to a database, run (as the built CLI) against databases a user
 * can get wrong: each failure is one line on stderr naming host:port/database and what to do,
 * exit code 1, and the password appears nowhere in the output.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedPostgres, type EmbeddedServer } from '../../generator/dev/embedded.js'
import { serverUrl } from '../support/database.js'
import { freePort } from '../support/ports.js'
import { TempProject, type CliResult } from '../support/project.js'

const password = 'S3cret-Pw_9f2'

const commands = [
  ['migrate', 'status'],
  ['migrate', 'up'],
  ['migrate', 'down'],
  ['migrate', 'drift'],
  ['migrate', 'diff', '--name', 'init'],
  ['pull', '--out', 'pulled'],
]

let project: TempProject
let embeddedDir: string
let embedded: EmbeddedServer

beforeAll(async () => {
  project = new TempProject({
    'dbridge.config.ts': `import { defineConfig } from 'dbridge/config'\nexport default defineConfig({ schema: ['schema/*.schema.ts'], out: 'generated', migrations: 'migrations' })\n`,
    'schema/books.schema.ts': `import { table, t } from 'dbridge/schema'\nexport const books = table('books', { id: t.serial().primaryKey(), title: t.text() })\n`,
  })
  // The test server may trust every local connection; the embedded one checks passwords.
  embeddedDir = mkdtempSync(join(tmpdir(), 'dbridge-wrong-password-'))
  embedded = await startEmbeddedPostgres({ dir: embeddedDir })
})

afterAll(async () => {
  await embedded?.stop()
  rmSync(embeddedDir, { recursive: true, force: true })
  project?.remove()
})

/** Runs every connecting command (or `only` these) with `url` as --database-url, and one with DATABASE_URL, a few at a time. */
async function runAll(url: string, only = commands): Promise<Array<{ command: string; result: CliResult }>> {
  const runs = [
    ...only.map((command) => ({ command: `${command.join(' ')} --database-url`, args: [...command, '--database-url', url], env: {} })),
    { command: 'migrate status (DATABASE_URL)', args: ['migrate', 'status'], env: { DATABASE_URL: url } },
  ]
  const results: Array<{ command: string; result: CliResult }> = []
  for (let i = 0; i < runs.length; i += 4) {
    const batch = runs.slice(i, i + 4)
    const done = await Promise.all(batch.map((run) => project.runAsync(run.args, run.env)))
    done.forEach((result, j) => results.push({ command: batch[j]!.command, result }))
  }
  return results
}

function expectOneLineFailure(runs: Array<{ command: string; result: CliResult }>, where: string, says: RegExp, secret = password): void {
  for (const { command, result } of runs) {
    const context = `dbridge ${command}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`
    expect(result.code, context).toBe(1)
    expect(result.stderr.endsWith('\n'), context).toBe(true)
    expect(result.stderr.trimEnd().split('\n'), context).toHaveLength(1)
    expect(result.stderr, context).toContain(where)
    expect(result.stderr, context).toMatch(says)
    expect(result.stderr, context).not.toMatch(/internal error|\n\s+at /)
    expect(result.stdout + result.stderr, context).not.toContain(secret)
    expect(result.stdout + result.stderr, context).not.toContain(encodeURIComponent(secret))
  }
}

/** A TCP server on 127.0.0.1 that treats each connection with `onConnection`. */
async function fakeServer(onConnection: (socket: Socket) => void): Promise<{ port: number; close(): void }> {
  const server: Server = createServer(onConnection)
  const sockets = new Set<Socket>()
  server.on('connection', (socket) => sockets.add(socket))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as { port: number }).port,
    close() {
      for (const socket of sockets) socket.destroy()
      server.close()
    },
  }
}

/** A PostgreSQL ErrorResponse message (FATAL, with this SQLSTATE and text). */
function fatal(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`)
  const header = Buffer.alloc(5)
  header.write('E')
  header.writeInt32BE(fields.length + 4, 1)
  return Buffer.concat([header, fields])
}

describe('a database the CLI cannot use', () => {
  it('refuses connections: names it, asks whether PostgreSQL runs there', async () => {
    const port = await freePort()
    const runs = await runAll(`postgres://app:${password}@127.0.0.1:${port}/appdb`)
    expectOneLineFailure(runs, `127.0.0.1:${port}/appdb`, /connection refused.*fix the host and port/)
  })

  it('rejects the password: says authentication failed for that user', async () => {
    const runs = await runAll(`postgres://postgres:${password}@127.0.0.1:${embedded.port}/postgres`)
    expectOneLineFailure(runs, `127.0.0.1:${embedded.port}/postgres`, /cannot log in .* as postgres: password authentication failed/)
  })

  it('has a host name that does not resolve', async () => {
    const runs = await runAll(`postgres://app:${password}@no-such-host.invalid:5432/appdb`)
    expectOneLineFailure(runs, 'no-such-host.invalid:5432/appdb', /unknown host no-such-host\.invalid|could not be resolved/)
  })

  it('is given by a malformed URL (an unencoded / or @ in the password): the URL is shown with the password masked', async () => {
    const slash = 'pa/ss' + password
    expectOneLineFailure(await runAll(`postgres://app:${slash}@127.0.0.1:5432/appdb`), 'postgres://app:***@127.0.0.1:5432/appdb', /malformed.*percent-encode/, slash)
    const at = 'pa@ss' + password
    expectOneLineFailure(await runAll(`postgres://app:${at}@127.0.0.1:5432/appdb`), 'postgres://app:***@127.0.0.1:5432/appdb', /percent-encode.*@ as %40/, at)
  })

  it('is not accepting connections yet (57P03, a server starting up): says to try again', async () => {
    // Answers the startup message the way PostgreSQL does while it starts.
    const server = await fakeServer((socket) => socket.once('data', () => socket.end(fatal('57P03', 'the database system is starting up'))))
    try {
      const runs = await runAll(`postgres://app:${password}@127.0.0.1:${server.port}/appdb`)
      expectOneLineFailure(runs, `127.0.0.1:${server.port}/appdb`, /not accepting connections \(the database system is starting up\); try again/)
    } finally {
      server.close()
    }
  })

  it('accepts the connection but never answers: times out', async () => {
    const server = await fakeServer(() => undefined)
    try {
      const runs = await runAll(`postgres://app:${password}@127.0.0.1:${server.port}/appdb`, [['migrate', 'drift'], ['pull', '--out', 'pulled']])
      expectOneLineFailure(runs, `127.0.0.1:${server.port}/appdb`, /timed out; check the host and port/)
    } finally {
      server.close()
    }
  })

  it('does not exist on the server: says how to create it', async () => {
    const url = new URL(serverUrl())
    url.pathname = '/no_such_database_9f2'
    // The test server may trust local connections and ignore it; it must not be printed anyway.
    const secret = url.password || password
    url.password = secret
    const runs = await runAll(url.href)
    expectOneLineFailure(runs, `${url.hostname}:${url.port || 5432}/no_such_database_9f2`, /database no_such_database_9f2 does not exist; create it \(createdb/, secret)
  })
})
