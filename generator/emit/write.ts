/**
 * Write: only files whose content changed; files dbridge generated before that are no
 * longer part of the output are removed. `check` writes nothing and lists what is stale.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { headerPattern } from './common.js'
import type { PlannedFile } from './plan.js'

export interface WriteResult {
  written: string[]
  unchanged: string[]
  removed: string[]
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

/**
 * Files in `outDir` that dbridge generated (by their header) but that the plan no longer has:
 * a removed table's, and after `emit` changed, the other mode's (`users.ts` beside `users.js`).
 */
function staleGenerated(outDir: string, files: readonly PlannedFile[]): string[] {
  const planned = new Set(files.map((f) => f.path))
  let entries: string[]
  try {
    entries = readdirSync(outDir)
  } catch {
    return []
  }
  return entries
    .filter((name) => /\.(ts|js|sql)$/.test(name) && !planned.has(name))
    .filter((name) => headerPattern.test(readIfExists(join(outDir, name))?.slice(0, 80) ?? ''))
    .sort()
}

export function writeFiles(outDir: string, files: readonly PlannedFile[]): WriteResult {
  const result: WriteResult = { written: [], unchanged: [], removed: [] }
  mkdirSync(outDir, { recursive: true })
  for (const file of files) {
    const path = join(outDir, file.path)
    if (readIfExists(path) === file.contents) result.unchanged.push(file.path)
    else {
      writeFileSync(path, file.contents)
      result.written.push(file.path)
    }
  }
  for (const name of staleGenerated(outDir, files)) {
    rmSync(join(outDir, name))
    result.removed.push(name)
  }
  return result
}

/** What `generate` would change: files to write and generated files to remove. */
export function checkFiles(outDir: string, files: readonly PlannedFile[]): { outdated: string[]; removed: string[] } {
  const outdated = files.filter((file) => readIfExists(join(outDir, file.path)) !== file.contents).map((f) => f.path)
  return { outdated, removed: staleGenerated(outDir, files) }
}
