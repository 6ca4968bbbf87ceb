/** Turns TLS on for a test server: a self-signed certificate made with openssl. */
import { execFileSync } from 'node:child_process'
import { chownSync, chmodSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { createDb as createRawDb, sql } from '../../runtime/index.js'

/**
 * Writes a key and a self-signed certificate for `localhost` into `dataDir` (owned by the
 * server's user, as PostgreSQL requires of its key) and reloads the server with ssl on.
 */
export async function enableTls(adminUrl: string, dataDir: string): Promise<void> {
  const key = join(dataDir, 'test-server.key')
  const cert = join(dataDir, 'test-server.crt')
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-keyout', key, '-out', cert], { stdio: 'ignore' })
  const owner = statSync(dataDir)
  for (const file of [key, cert]) chownSync(file, owner.uid, owner.gid)
  chmodSync(key, 0o600)
  const admin = createRawDb({ url: adminUrl, max: 1 })
  try {
    // ALTER SYSTEM takes no parameters: the paths (ours, plain) are written as literals.
    await admin.sql`${sql.raw(`ALTER SYSTEM SET ssl_cert_file = '${cert}'`)}`
    await admin.sql`${sql.raw(`ALTER SYSTEM SET ssl_key_file = '${key}'`)}`
    await admin.sql`${sql.raw('ALTER SYSTEM SET ssl = on')}`
    await admin.sql`select pg_reload_conf()`
    for (let i = 0; i < 50; i++) {
      const [row] = await admin.sql<{ ssl: string }>`show ssl`
      if (row!.ssl === 'on') return
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error('the server did not turn ssl on')
  } finally {
    await admin.close()
  }
}
