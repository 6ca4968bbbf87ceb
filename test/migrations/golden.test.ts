/**
 * Golden migration diffs, without PostgreSQL. Each folder in golden/ is one case:
 *
 *   before.schema.ts   the schema the migrations have reached (none: an empty database)
 *   after.schema.ts    the schema files
 *   renames.txt        optional: the renames chosen, one `--rename` value a line
 *
 * and what the diff renders from them, compared whole:
 *
 *   up.sql, down.sql   the statements of the migration's up and down parts
 *   summary.txt        what `migrate diff` prints for the change
 *   lints.txt          the lints (absent when there are none)
 *   candidates.txt     the possible renames the diff asks about (absent when none)
 *   error.txt          the message when the diff refuses the change (then nothing else)
 *
 * The models come straight from normalize, not from PostgreSQL, so expressions are spelled
 * as the schema files write them (`migrate diff` compares models read back from PostgreSQL).
 *
 * To rewrite the expected files after an intended change, run
 *   UPDATE_GOLDEN=1 npx vitest run test/migrations/golden.test.ts
 * and review the difference with `git diff test/migrations/golden`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { diffModels, renameCandidates, reverseRenames, type Renames } from '../../generator/migrate/diff.js'
import { parseRenames } from '../../generator/migrate/commands.js'
import type { SchemaModel } from '../../schema/model.js'
import { emptyModel, expectGoldenFile, loadModel } from '../support/schema-model.js'

const root = fileURLToPath(new URL('./golden/', import.meta.url))
const cases = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()

async function modelOf(dir: string, file: string): Promise<SchemaModel> {
  if (!existsSync(join(dir, file))) return emptyModel
  const { model, diagnostics } = await loadModel(dir, [file])
  expect(diagnostics, `${file} has problems`).toEqual([])
  return model
}

function renamesOf(dir: string): Renames {
  const path = join(dir, 'renames.txt')
  const flags = existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '') : []
  const tables = new Map<string, string>()
  const columns = new Map<string, Map<string, string>>()
  for (const c of parseRenames(flags)) {
    if (c.kind === 'table') tables.set(c.from, c.to)
    else {
      if (!columns.has(c.table!)) columns.set(c.table!, new Map())
      columns.get(c.table!)!.set(c.from, c.to)
    }
  }
  return { tables, columns }
}

const lines = (list: readonly string[]) => (list.length === 0 ? '' : list.join('\n') + '\n')
const optional = (list: readonly string[]) => (list.length === 0 ? undefined : lines(list))

/** The files a case renders, by name (undefined: the file must not exist). */
function render(before: SchemaModel, after: SchemaModel, renames: Renames): Record<string, string | undefined> {
  const candidates = renameCandidates(before, after).map((c) =>
    c.kind === 'table' ? `table ${c.from} -> ${c.to}: --rename ${c.from}=${c.to}` : `column ${c.table}.${c.from} -> ${c.table}.${c.to}: --rename ${c.table}.${c.from}=${c.table}.${c.to}`,
  )
  const files: Record<string, string | undefined> = { 'candidates.txt': optional(candidates) }
  const none = { 'up.sql': undefined, 'down.sql': undefined, 'summary.txt': undefined, 'lints.txt': undefined, 'error.txt': undefined }
  try {
    const up = diffModels(before, after, renames)
    const down = up.statements.length === 0 ? undefined : diffModels(after, before, reverseRenames(renames))
    return {
      ...files,
      ...none,
      'up.sql': lines(up.statements),
      'down.sql': lines(down?.statements ?? []),
      'summary.txt': lines(up.summary),
      'lints.txt': optional(up.lints.map((l) => `${l.level}: ${l.message}`)),
    }
  } catch (error) {
    return { ...files, ...none, 'error.txt': (error as Error).message + '\n' }
  }
}

describe('migration diffs', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThan(0))

  for (const name of cases) {
    it(name, async () => {
      const dir = join(root, name)
      const before = await modelOf(dir, 'before.schema.ts')
      const after = await modelOf(dir, 'after.schema.ts')
      const files = render(before, after, renamesOf(dir))
      for (const [file, text] of Object.entries(files)) expectGoldenFile(dir, file, text)
    })
  }
})
