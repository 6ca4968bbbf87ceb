/**
 * Golden migration diffs, without PostgreSQL. Each folder in golden/ is one case:
 *
 *   before.schema.ts   the schema the migrations have reached (none: an empty database)
 *   after.schema.ts    the schema files
 *   renames.txt        optional: the renames chosen, one `--rename` value a line (what
 *                      is not renamed is dropped and added, as with --no-rename)
 *
 * and what the diff renders from them, compared whole:
 *
 *   up.sql, down.sql   the statements of the migration's up and down parts
 *   summary.txt        what `migrate diff` prints for the change
 *   lints.txt          the lints (absent when there are none)
 *   candidates.txt     the possible renames the chosen ones leave open, as `migrate diff`
 *                      lists them (absent when none)
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
import type { Change } from '../../generator/migrate/changes.js'
import { diffModels } from '../../generator/migrate/diff.js'
import { validate } from '../../generator/model/validate.js'
import { formatLint, renderLints } from '../../generator/migrate/lints.js'
import { renderSql } from '../../generator/migrate/render-sql.js'
import { renderSummary } from '../../generator/migrate/render-summary.js'
import { describeCandidate, flagOf, parseRenames, reverseRenames, toRenames, undecidedRenames, type RenameCandidate } from '../../generator/migrate/renames.js'
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
  expect([...diagnostics, ...validate(model)], `${file} has problems`).toEqual([])
  return model
}

function renamesOf(dir: string): RenameCandidate[] {
  const path = join(dir, 'renames.txt')
  return parseRenames(existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '') : [])
}

const lines = (list: readonly string[]) => (list.length === 0 ? '' : list.join('\n') + '\n')
const optional = (list: readonly string[]) => (list.length === 0 ? undefined : lines(list))

/** The files a case renders, by name (undefined: the file must not exist). */
function render(before: SchemaModel, after: SchemaModel, given: readonly RenameCandidate[]): Record<string, string | undefined> {
  // What `migrate diff` would still ask about (or name the flags for), as it lists them.
  const tables = undecidedRenames(before, after, given, 'table')
  const candidates = [...tables, ...undecidedRenames(before, after, given, 'column', [...given, ...tables])]
  const renames = toRenames(given)
  const files: Record<string, string | undefined> = {
    'candidates.txt': optional(candidates.map((c) => `${describeCandidate(c)}: ${flagOf(c)}`)),
    'up.sql': undefined,
    'down.sql': undefined,
    'summary.txt': undefined,
    'lints.txt': undefined,
    'error.txt': undefined,
  }
  try {
    const up = diffModels(before, after, renames)
    const down = up.length === 0 ? [] : diffModels(after, before, reverseRenames(renames))
    // Plain, frozen data: read back from JSON, it renders the same.
    expect(Object.isFrozen(up) && up.every((change) => Object.isFrozen(change))).toBe(true)
    const copy = JSON.parse(JSON.stringify(up)) as Change[]
    expect([renderSql(copy), renderSummary(copy), renderLints(copy)]).toEqual([renderSql(up), renderSummary(up), renderLints(up)])
    files['up.sql'] = lines(renderSql(up))
    files['down.sql'] = lines(renderSql(down))
    files['summary.txt'] = lines(renderSummary(up))
    files['lints.txt'] = optional(renderLints(up).map(formatLint))
  } catch (error) {
    files['error.txt'] = (error as Error).message + '\n'
  }
  return files
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
