/**
 * A primary and a streaming replica of it, both throwaway servers on loopback built from
 * the embedded server's programs. The replica is a file copy of the cleanly stopped primary
 * (what pg_basebackup would give, without needing that binary) started in standby mode
 * with a `primary_conninfo`.
 */
import { execFileSync } from 'node:child_process'
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { packagedBinaries } from '../../generator/dev/embedded-binaries.js'
import { binariesFor, serverUser, sharedBase } from '../../generator/dev/embedded-root.js'
import { startEmbeddedPostgres, type EmbeddedServer } from '../../generator/dev/embedded.js'
import { createDb as createRawDb } from '../../runtime/index.js'
import { freePort } from './ports.js'

export interface ReplicatedServers {
  primary: EmbeddedServer
  replica: { url: string }
  /** Resolves once the replica has replayed everything the primary has written so far. */
  caughtUp(): Promise<void>
  stop(): Promise<void>
}

/** pg_ctl of the embedded server's programs, run as the postgres user when we are root (as the server is). */
async function pgCtl(args: string[]): Promise<void> {
  const packaged = await packagedBinaries()
  if (process.getuid?.() !== 0) {
    execFileSync(packaged.pg_ctl, args, { stdio: 'pipe', timeout: 60_000 })
    return
  }
  const user = serverUser()
  const binaries = binariesFor(user, packaged, () => sharedBase(user))
  execFileSync(binaries.pg_ctl, args, { uid: user.uid, gid: user.gid, stdio: 'pipe', timeout: 60_000 })
}

export async function startReplicatedServers(): Promise<ReplicatedServers> {
  const root = mkdtempSync(join(tmpdir(), 'dbridge-replication-'))
  // The servers may run as the postgres user, which must be able to reach their directories.
  chmodSync(root, 0o711)
  const primaryDir = join(root, 'primary')
  const replicaData = join(root, 'replica')
  let primary = await startEmbeddedPostgres({ dir: primaryDir })
  const primaryPort = primary.port
  await primary.stop()
  // `cp -a` keeps ownership (the server may run as the postgres user) and permissions.
  execFileSync('cp', ['-a', join(primaryDir, 'data'), replicaData])
  writeFileSync(join(replicaData, 'standby.signal'), '')
  const password = new URL(primary.url).password
  appendFileSync(join(replicaData, 'postgresql.auto.conf'), `primary_conninfo = 'host=127.0.0.1 port=${primaryPort} user=postgres password=${password}'\n`)
  primary = await startEmbeddedPostgres({ dir: primaryDir, port: primaryPort })
  const replicaPort = await freePort()
  const replicaUrl = new URL(primary.url)
  replicaUrl.port = String(replicaPort)
  try {
    mkdirSync(join(root, 'log'))
    chmodSync(join(root, 'log'), 0o777)
    // -w: returns once the standby accepts (read-only) connections.
    await pgCtl([
      'start', '-w', '-D', replicaData, '-l', join(root, 'log', 'replica.log'),
      '-o', `-p ${replicaPort} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`,
    ])
  } catch (error) {
    await primary.stop()
    rmSync(root, { recursive: true, force: true })
    throw error
  }
  return {
    primary,
    replica: { url: replicaUrl.href },
    async caughtUp() {
      const primaryDb = createRawDb({ url: primary.url, max: 1 })
      const replicaDb = createRawDb({ url: replicaUrl.href, max: 1 })
      try {
        // The insert position: with synchronous_commit off, the write position lags behind.
        const [{ lsn }] = (await primaryDb.sql<{ lsn: string }>`select pg_current_wal_insert_lsn()::text as lsn`) as [{ lsn: string }]
        for (let i = 0; i < 500; i++) {
          const [row] = await replicaDb.sql<{ done: boolean }>`
            select coalesce(pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn, false) as done`
          if (row?.done) return
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
        throw new Error('the replica did not catch up with the primary within 10 s')
      } finally {
        await primaryDb.close()
        await replicaDb.close()
      }
    },
    async stop() {
      await pgCtl(['stop', '-m', 'fast', '-w', '-D', replicaData]).catch(() => undefined)
      await primary.stop().catch(() => undefined)
      rmSync(root, { recursive: true, force: true })
    },
  }
}
