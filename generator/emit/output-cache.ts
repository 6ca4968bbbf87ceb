/**
 * The output cache: finished files by their unit's key (in memory, and on disk under
 * node_modules/.cache/dbridge), together with a fingerprint of the code that writes them,
 * so that a run (or a watch cycle) only emits the files whose inputs changed.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { EmitContext } from './common.js'
import type { PlannedFile, PlannedUnit } from './plan.js'

const here = dirname(fileURLToPath(import.meta.url))

let fingerprint: string | undefined

/** The code that decides the output: the emitters and the plan (this folder), the schema model and its column types, the runtime's type table. */
const outputSources: readonly (readonly [string, RegExp])[] = [
  [here, /^/],
  [join(here, '../../schema'), /^/],
  [join(here, '../../runtime'), /^types\./],
]

/** Changes whenever that code changes, so a newer generator never serves an older one's files. */
function emitterFingerprint(): string {
  if (fingerprint) return fingerprint
  const hash = createHash('sha256')
  for (const [dir, pattern] of outputSources) {
    const names = readdirSync(dir).filter((n) => /\.(js|ts)$/.test(n) && !n.endsWith('.d.ts') && pattern.test(n))
    for (const name of names.sort()) hash.update(name).update(readFileSync(join(dir, name)))
  }
  return (fingerprint = hash.digest('hex'))
}

const memory = new Map<string, string>()

/**
 * The cache file of one output directory: the finished files of the last run, by key. It is
 * rewritten with only the current run's files, so it never grows past one copy of the output.
 */
function cacheFile(ctx: EmitContext): string | undefined {
  if (!existsSync(join(ctx.root, 'node_modules'))) return undefined
  const id = createHash('sha256').update(ctx.outDir).digest('hex').slice(0, 16)
  return join(ctx.root, 'node_modules/.cache/dbridge', `${id}.json`)
}

function readCacheFile(path: string | undefined): Record<string, string> {
  if (!path) return {}
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'))
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {}
  } catch {
    return {}
  }
}

function writeCacheFile(path: string | undefined, entries: Record<string, string>): void {
  if (!path) return
  try {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, JSON.stringify(entries))
  } catch {
    // A cache that cannot be written only costs time.
  }
}

function cacheKeys(units: readonly PlannedUnit[]): string[] {
  const prefix = emitterFingerprint()
  return units.map((unit) => createHash('sha256').update(prefix).update(unit.key).digest('hex').slice(0, 40))
}

/** What the caches hold of a run's units: whether every file, and the disk cache if it was read to tell. */
export interface CacheState {
  readonly complete: boolean
  readonly onDisk: Record<string, string> | undefined
}

/** Whether every unit's file is cached: then `emitFiles` emits nothing (and what emitting needs need not be loaded). */
export function cacheState(ctx: EmitContext, units: readonly PlannedUnit[]): CacheState {
  const keys = cacheKeys(units)
  if (keys.every((key) => memory.has(key))) return { complete: true, onDisk: undefined }
  const onDisk = readCacheFile(cacheFile(ctx))
  return { complete: keys.every((key) => memory.has(key) || Object.hasOwn(onDisk, key)), onDisk }
}

/**
 * The files of the units: from the caches, else emitted now (and cached). `read`: the disk
 * cache cacheState already read (the file holds the whole output: it is read once).
 */
export function emitFiles(ctx: EmitContext, units: readonly PlannedUnit[], read?: CacheState): PlannedFile[] {
  const keys = cacheKeys(units)
  const path = cacheFile(ctx)
  let onDisk: Record<string, string> | undefined = read?.onDisk
  let emitted = 0
  const texts = units.map((unit, i) => {
    const inMemory = memory.get(keys[i]!)
    if (inMemory !== undefined) return inMemory
    onDisk ??= readCacheFile(path)
    if (Object.hasOwn(onDisk, keys[i]!)) return onDisk[keys[i]!]!
    emitted++
    return unit.emit()
  })
  // Keep only this run's files, in memory and on disk.
  memory.clear()
  const entries: Record<string, string> = {}
  keys.forEach((key, i) => {
    memory.set(key, texts[i]!)
    entries[key] = texts[i]!
  })
  const diskIsCurrent = onDisk !== undefined && Object.keys(onDisk).length === keys.length && emitted === 0
  if (!diskIsCurrent && (emitted > 0 || onDisk !== undefined)) writeCacheFile(path, entries)
  return units.map((unit, i) => ({ path: unit.path, contents: texts[i]! }))
}
