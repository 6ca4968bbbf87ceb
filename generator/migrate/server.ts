/**
 * Where migration commands run: the configured database, or (with none configured) the
 * server of a running `dbridge dev`, else the embedded PostgreSQL under `.dbridge/`; and throwaway databases on that server for
 * computing diffs, so a diff never depends on the state of anyone's dev database.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { createDb, sql, type RawDb } from '../../runtime/index.js'
import type { ResolvedConfig } from '../config.js'
import { checkDatabaseUrl, explainingConnectionFailures, isConnectionFailure } from '../cli/connection-failure.js'
import { UserError } from '../diagnostics.js'
import { startEmbeddedPostgres } from '../dev/embedded.js'
import { readDevState } from '../../runtime/dev-server.js'

/** A command-line tool should say soon that it cannot connect, not after the runtime's 30 s per attempt. */
export const cliConnectTimeout = 10_000

/**
 * Runs `fn` with the URL of the configured database, or of the embedded server's. A failure
 * to reach or log in to it becomes one line naming the server and what to do.
 */
export async function withDatabase<T>(config: ResolvedConfig, fn: (url: string) => Promise<T>): Promise<T> {
  // No URL given: the dev server `dbridge dev` keeps running for this project, if one does.
  const configured = config.databaseUrl ?? readDevState(config.root)?.url
  if (configured) {
    checkDatabaseUrl(configured)
    return explainingConnectionFailures(configured, async () => {
      await probe(configured)
      return fn(configured)
    })
  }
  const server = await startEmbeddedPostgres({ dir: join(config.root, '.dbridge') })
  try {
    return await explainingConnectionFailures(server.url, () => fn(server.url))
  } finally {
    await server.stop()
  }
}

/** Attempts of the probe: one retry rides out a server that is just restarting. */
const probeRetries = 1
const probeDeadlineMs = (probeRetries + 1) * cliConnectTimeout + 2_000

/** What the probe throws when no answer came in time (the driver's code for a connect timeout). */
class ProbeTimeout extends Error {
  readonly code = 'CONNECT_TIMEOUT'
}

/**
 * One statement on a connection of its own, before the command's work: a server that cannot
 * be reached fails it plainly, where statements sent at once (introspection) may wait forever
 * on a pool whose only connection could not be opened. Its own deadline, too: a connection
 * attempt that times out can leave the statement waiting forever (measured with postgres.js
 * 3.4.9 and a host that drops packets), and so would the pool's close.
 */
async function probe(url: string): Promise<void> {
  const db = createDb({ url, max: 1, connectTimeout: cliConnectTimeout, connectRetries: probeRetries })
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout(`no answer within ${probeDeadlineMs / 1000} s`)), probeDeadlineMs)
  })
  try {
    await Promise.race([db.sql`select 1`, deadline])
  } catch (error) {
    void db.close().catch(() => undefined)
    throw error
  } finally {
    clearTimeout(timer)
  }
  await db.close()
}

/** Creates an empty database on the server of `serverUrl`, runs `fn` on it, and drops it. */
export async function withScratchDatabase<T>(serverUrl: string, fn: (db: RawDb, url: string) => Promise<T>): Promise<T> {
  const name = `dbridge_scratch_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = createDb({ url: serverUrl, max: 1, connectTimeout: cliConnectTimeout })
  try {
    await admin.sql`CREATE DATABASE ${sql.identifier(name)}`
  } catch (error) {
    await admin.close()
    // Not a missing privilege: the server is unreachable or refused us (reported as such).
    if (isConnectionFailure(error)) throw error
    throw new UserError(
      `could not create a scratch database on the server (${(error as Error).message}); ` +
        'migrate diff and drift need a role that may CREATE DATABASE',
    )
  }
  const url = new URL(serverUrl)
  url.pathname = '/' + name
  const db = createDb({ url: url.href, max: 1, connectTimeout: cliConnectTimeout })
  try {
    return await fn(db, url.href)
  } finally {
    await db.close()
    await admin.sql`DROP DATABASE IF EXISTS ${sql.identifier(name)} WITH (FORCE)`.catch(() => undefined)
    await admin.close()
  }
}
