/**
 * Schema files -> the normalized model, in the test process and without a database: the
 * files are imported (vitest compiles them), their source read for what only the source
 * knows (json type arguments, declared exports), then normalized as `generate` does.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { manyToManyRegistry } from '../../schema/dsl.js'
import { MODEL_VERSION, type Casing, type SchemaModel } from '../../schema/model.js'
import type { Diagnostic } from '../../generator/diagnostics.js'
import { normalize, type LoadedFile } from '../../generator/model/normalize.js'
import { readSourceInfo } from '../../generator/load/source-types.js'

/** Set `UPDATE_GOLDEN=1` to rewrite the expected files of golden tests instead of comparing. */
export const updateGolden = process.env.UPDATE_GOLDEN === '1'

/** The model of a database with nothing in it. */
export const emptyModel: SchemaModel = Object.freeze({ version: MODEL_VERSION, casing: 'snake_case', extensions: [], enums: [], tables: [], manyToMany: [] })

/**
 * Loads `files` (paths relative to `root`) as one schema. Each file is imported once per
 * test process: load a given file in one schema only.
 */
export async function loadModel(root: string, files: readonly string[], casing: Casing = 'snake_case'): Promise<{ model: SchemaModel; diagnostics: Diagnostic[] }> {
  const registry = manyToManyRegistry()
  registry.length = 0
  const loaded: LoadedFile[] = []
  for (const rel of files) {
    const path = join(root, rel)
    const { info } = readSourceInfo(path, root)
    const exports = (await import(path)) as Record<string, unknown>
    loaded.push({ rel, exports, info })
  }
  const manyToMany = [...registry]
  registry.length = 0
  return normalize({ files: loaded, manyToMany, casing })
}

/**
 * Compares `actual` with the file `dir/name`, whole; or (re)writes it when updating. A file
 * whose content is `undefined` must not exist (updating deletes it).
 */
export function expectGoldenFile(dir: string, name: string, actual: string | undefined): void {
  const path = join(dir, name)
  if (updateGolden) {
    if (actual !== undefined) writeFileSync(path, actual)
    else rmSync(path, { force: true })
    return
  }
  const expected = existsSync(path) ? readFileSync(path, 'utf8') : undefined
  expect(actual, `${path} (UPDATE_GOLDEN=1 rewrites it)`).toBe(expected)
}
