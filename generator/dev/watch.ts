/**
 * `dbridge generate --watch`: regenerate whenever a schema file or a typed SQL file (or a module next to it,
 * or the config) changes. Changes are debounced; a broken schema prints its diagnostics
 * and watching goes on. Unchanged tables are not re-emitted (the output cache holds them)
 * and unchanged files are not rewritten.
 */
import { watch as chokidarWatch, type FSWatcher } from 'chokidar'
import { statSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { ResolvedConfig } from '../config.js'
import { globBase, toPosix } from '../load/glob.js'
import type { GenerateResult } from '../generate.js'

export interface WatchOptions<Result = GenerateResult> {
  /** Runs one generation (the CLI passes one that re-reads the config; `dbridge dev` one that pushes too). */
  run: () => Promise<Result>
  onResult: (result: Result) => void
  onError: (error: unknown) => void
  debounceMs?: number
}

export interface Watcher {
  close(): Promise<void>
  /** Resolves once the watcher is ready. */
  ready: Promise<void>
}

export function watchSchema<Result = GenerateResult>(config: ResolvedConfig, options: WatchOptions<Result>): Watcher {
  // Schema files and typed SQL files (a run describes only the statements that changed).
  const paths = [...new Set([...config.schema, ...config.queries].map((glob) => join(config.root, globBase(glob))))]
  if (config.configFile) paths.push(config.configFile)
  const outDir = toPosix(relative(config.root, config.out))
  const watcher: FSWatcher = chokidarWatch(paths, {
    ignoreInitial: true,
    ignored: (path: string) => {
      const rel = toPosix(relative(config.root, path))
      return rel.includes('node_modules') || rel.startsWith('.dbridge') || rel === outDir || rel.startsWith(outDir + '/')
    },
  })
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  let again = false

  const relevant = (path: string) => /\.(m?ts|m?js|json|sql)$/.test(path)
  /** Modification times of the watched files, to notice a change the watcher coalesced away. */
  const snapshot = (): Map<string, number> => {
    const times = new Map<string, number>()
    for (const [dir, names] of Object.entries(watcher.getWatched())) {
      for (const name of names) {
        const path = join(dir, name)
        if (!relevant(path)) continue
        try {
          times.set(path, statSync(path).mtimeMs)
        } catch {
          // removed meanwhile
        }
      }
    }
    return times
  }
  const changedSince = (before: Map<string, number>) => {
    const after = snapshot()
    return after.size !== before.size || [...after].some(([path, time]) => before.get(path) !== time)
  }

  const runOnce = async () => {
    const before = snapshot()
    try {
      options.onResult(await options.run())
    } catch (error) {
      options.onError(error)
    }
    // A save that landed while this run read the files (or whose event was merged with an
    // earlier one) must not be lost: run again.
    if (changedSince(before)) again = true
  }
  const trigger = () => {
    if (running) {
      again = true
      return
    }
    running = runOnce().finally(() => {
      running = undefined
      if (again) {
        again = false
        trigger()
      }
    })
  }
  watcher.on('all', (_event, path) => {
    if (!relevant(path)) return
    clearTimeout(timer)
    timer = setTimeout(trigger, options.debounceMs ?? 25)
  })
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()))
  // A run served from the caches loads neither the TypeScript compiler (bundled with
  // ts-morph), which reading a changed schema file needs, nor the type stripper; load them
  // now so the first edit does not wait for them (each is loaded once per process).
  void ready.then(() => Promise.all([import('ts-morph'), import('../load/strip-types.js').then((stripper) => stripper.loadTypeStripper())]))
  return {
    ready,
    async close() {
      clearTimeout(timer)
      await watcher.close()
      await running
    },
  }
}
