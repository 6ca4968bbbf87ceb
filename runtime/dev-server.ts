/**
 * The project's dev database: `dbridge dev` records the URL of the server it keeps running
 * in `.dbridge/dev.json`, so that `createDb()` with no URL and no DATABASE_URL reaches it,
 * as the CLI does. Never in production (NODE_ENV=production), and only while the recorded
 * process is alive: a stale file from a `dbridge dev` that was killed is ignored.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** The file `dbridge dev` writes, relative to the project root. */
export const devStateFile = join('.dbridge', 'dev.json')

export interface DevState {
  readonly pid: number
  readonly url: string
}

/** Whether process `pid` runs (EPERM: it does, as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The state of a running `dbridge dev` of the project at `root`, if there is one. */
export function readDevState(root: string): DevState | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(join(root, devStateFile), 'utf8'))
  } catch {
    return undefined
  }
  const state = parsed as Partial<DevState>
  if (typeof state?.pid !== 'number' || typeof state.url !== 'string' || !processAlive(state.pid)) return undefined
  return { pid: state.pid, url: state.url }
}

/** The URL of the dev server of the project the working directory is in (it or a parent), outside production. */
export function devServerUrl(cwd = process.cwd()): string | undefined {
  if (process.env.NODE_ENV === 'production') return undefined
  for (let dir = cwd; ; dir = dirname(dir)) {
    const state = readDevState(dir)
    if (state) return state.url
    if (dirname(dir) === dir) return undefined
  }
}
