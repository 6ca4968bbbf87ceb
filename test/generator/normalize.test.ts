/**
 * Golden models, without a database: each folder in normalize/ holds schema files
 * (`*.schema.ts`, loaded together; other files are helpers they import) and optionally
 * `options.json` (`{ "casing": "preserve" }`), and the expected
 *
 *   model.json         the normalized model
 *   diagnostics.txt    the problems normalize reports (absent when there are none)
 *
 * To rewrite the expected files after an intended change, run
 *   UPDATE_GOLDEN=1 npx vitest run test/generator/normalize.test.ts
 * and review the difference with `git diff test/generator/normalize`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from '../../generator/diagnostics.js'
import { parseSchemaModel, type Casing } from '../../schema/model.js'
import { expectGoldenFile, loadModel } from '../support/schema-model.js'

const root = fileURLToPath(new URL('./normalize/', import.meta.url))
const cases = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()

describe('normalize', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThan(0))

  for (const name of cases) {
    it(name, async () => {
      const dir = join(root, name)
      const files = readdirSync(dir).filter((file) => file.endsWith('.schema.ts')).sort()
      const optionsPath = join(dir, 'options.json')
      const options = existsSync(optionsPath) ? (JSON.parse(readFileSync(optionsPath, 'utf8')) as { casing?: Casing }) : {}
      const { model, diagnostics } = await loadModel(dir, files, options.casing)
      // Plain, frozen data that reads back as it was written (when the schema is valid).
      expect(Object.isFrozen(model) && Object.isFrozen(model.tables[0] ?? {})).toBe(true)
      const json = JSON.stringify(model, null, 2) + '\n'
      if (diagnostics.length === 0) expect(parseSchemaModel(JSON.parse(json))).toEqual(model)
      expectGoldenFile(dir, 'model.json', json)
      expectGoldenFile(dir, 'diagnostics.txt', diagnostics.length === 0 ? undefined : diagnostics.map((d) => formatDiagnostic(d) + '\n').join(''))
    })
  }
})
