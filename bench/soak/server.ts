/**
 * The soak's own PostgreSQL: a throwaway embedded server (its data in a temporary
 * directory, removed at the end) that the fault injector may stop and start again on the
 * same port and data directory.
 *
 * Durability is PostgreSQL's default (synchronous_commit on, fsync on): the embedded
 * server's default turns synchronous_commit off, which a clean stop forgives (it writes
 * every commit out first) but a crash would not, and the soak checks that no acknowledged
 * write is missing.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { startEmbeddedPostgres, type EmbeddedServer } from '../../generator/dev/embedded.js'

export const durableSettings = { synchronous_commit: 'on', fsync: 'on', full_page_writes: 'on' } as const

export interface Restart {
  /** From the stop request until the server was gone. */
  stopMs: number
  /** From the stop request until a new connection was answered. */
  downtimeMs: number
}

export class SoakServer {
  private constructor(
    private server: EmbeddedServer,
    private readonly dir: string,
  ) {}

  static async start(): Promise<SoakServer> {
    const dir = mkdtempSync(join(tmpdir(), 'dbridge-soak-'))
    const server = await startEmbeddedPostgres({ dir, settings: durableSettings })
    return new SoakServer(server, dir)
  }

  databaseUrl(name: string): string {
    return this.server.databaseUrl(name)
  }

  /** Fast shutdown (what a deploy or failover does), then a start on the same port and data. */
  async restart(): Promise<Restart> {
    const began = performance.now()
    await this.server.stop()
    const stopMs = performance.now() - began
    this.server = await startEmbeddedPostgres({ dir: this.dir, port: this.server.port, settings: durableSettings })
    await answered(this.server.url)
    return { stopMs, downtimeMs: performance.now() - began }
  }

  /** The durability settings in force, as the server reports them. */
  async settings(): Promise<Record<string, string>> {
    const sql = postgres(this.server.url, { max: 1, onnotice: () => {} })
    try {
      const rows = await sql<{ name: string; setting: string }[]>`
        select name, setting from pg_settings where name in ('synchronous_commit', 'fsync', 'full_page_writes', 'wal_sync_method') order by name`
      return Object.fromEntries(rows.map((r) => [r.name, r.setting]))
    } finally {
      await sql.end()
    }
  }

  async stop(): Promise<void> {
    await this.server.stop()
    rmSync(this.dir, { recursive: true, force: true })
  }
}

/** Waits until a new connection to `url` is answered. */
async function answered(url: string): Promise<void> {
  for (;;) {
    const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} })
    try {
      await sql`select 1`
      return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20))
    } finally {
      await sql.end({ timeout: 0 })
    }
  }
}
