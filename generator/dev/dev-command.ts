/**
 * `dbridge dev`: the project's dev database kept running (the embedded server in
 * `.dbridge/`, or DATABASE_URL's), its URL printed and recorded in `.dbridge/dev.json` for
 * `createDb()` and the other commands; then generate and push, and again on every change of
 * a schema or typed SQL file, one line each. A change that would lose data is not pushed:
 * the line says what and how to go on. Ctrl-C stops the watcher and the server it started.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { devStateFile, readDevState } from '../../runtime/dev-server.js'
import { redactUrl } from '../../runtime/url-secrets.js'
import type { ResolvedConfig } from '../config.js'
import { generate } from '../generate.js'
import type { Output } from '../migrate/commands.js'
import { pushTo, refusalLines } from '../migrate/push.js'
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded.js'
import { watchSchema } from './watch.js'

export interface DevOptions {
  acceptDataLoss: boolean
  /** Re-reads the config (it may have changed) for each run. */
  reload: () => Promise<ResolvedConfig>
  /** Prints an error the way the CLI does. */
  report: (error: unknown) => void
}

function time(): string {
  return new Date().toLocaleTimeString()
}

export async function devCommand(config: ResolvedConfig, options: DevOptions, output: Output): Promise<number> {
  const running = readDevState(config.root)
  if (running) {
    output.err(`dbridge dev is already running for this project (process ${running.pid}); its database: DATABASE_URL=${running.url}`)
    return 1
  }
  let server: EmbeddedServer | undefined
  let url = config.databaseUrl
  if (!url) {
    server = await startEmbeddedPostgres({ dir: join(config.root, '.dbridge') })
    url = server.url
  }
  const stateFile = join(config.root, devStateFile)
  mkdirSync(dirname(stateFile), { recursive: true })
  // Only this user may read it: it holds the URL with its password.
  writeFileSync(stateFile, JSON.stringify({ pid: process.pid, url }) + '\n', { mode: 0o600 })
  // The embedded server's URL with its password is how other tools reach it; a URL the user gave is theirs to know.
  output.out(`DATABASE_URL=${server ? url : redactUrl(url)}`)
  const serverUrl = url
  const cycle = async (): Promise<void> => {
    const started = performance.now()
    const current = { ...(await options.reload()), databaseUrl: serverUrl }
    const generated = await generate(current)
    const pushed = await pushTo(serverUrl, serverUrl, generated.model, options.acceptDataLoss)
    const ms = Math.round(performance.now() - started)
    const queries = generated.queries > 0 ? ` and ${generated.queries} quer${generated.queries === 1 ? 'y' : 'ies'}` : ''
    const wrote = `generated ${generated.tables} table${generated.tables === 1 ? '' : 's'}${queries} (${generated.written.length} written)`
    if (pushed.refused.length > 0) {
      output.err(`[${time()}] ${wrote}; not pushed (${ms} ms):`)
      for (const line of refusalLines(pushed.refused, '`dbridge dev --accept-data-loss` (or `dbridge push --accept-data-loss` once)')) output.err(`  ${line}`)
      return
    }
    const applied = pushed.applied.length === 0 ? 'the database already matches' : `pushed ${pushed.applied.join('; ')}`
    output.out(`[${time()}] ${wrote}; ${applied} (${ms} ms)`)
  }
  const failed = (error: unknown) => {
    options.report(error)
    output.err('watching for changes...')
  }
  let watcher: ReturnType<typeof watchSchema> | undefined
  try {
    await cycle().catch(failed)
    watcher = watchSchema(config, { run: cycle, onResult: () => undefined, onError: failed })
    await watcher.ready
    output.out(`watching ${[...config.schema, ...config.queries].join(', ')} (Ctrl-C to stop)`)
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
  } finally {
    await watcher?.close()
    rmSync(stateFile, { force: true })
    await server?.stop()
  }
  output.out('stopped')
  return 0
}
