/**
 * Guards the type cost of the generated client: how many type instantiations the compiler
 * needs per query of a typical consumer. Instantiation counts are exact and do not depend on
 * how busy the machine is, unlike compile times, so they make a stable CI budget.
 *
 * The project is the one `npm run bench:types` measures (bench/types/), at 20 tables, with
 * the 50-query consumer; the same project with an empty consumer is the baseline, so the
 * figure is what the queries add, not what the schema and the client cost to load. It
 * type-checks against dist/ (what users get), which `npm test` builds first.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { queryCount } from '../../bench/types/consumer.js'
import { dbridgeGenerate, typecheck } from '../../bench/types/measure.js'
import { writeProjects } from '../../bench/types/projects.js'
import { repoRoot } from '../support/project.js'

// Measured 2026-12-01: 144 instantiations per query (TypeScript 5.9.3, 20 tables). The
// budget leaves ~30% headroom; a change to the client types that makes every query cost more
// (a conditional type evaluated per call, a mapped type over all relations) lands above it.
const instantiationsPerQueryBudget = 187

const root = mkdtempSync(join(tmpdir(), 'dbridge-typecost-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

it(`a query of the generated client costs at most ${instantiationsPerQueryBudget} type instantiations`, () => {
  const [project] = writeProjects(root, 20, repoRoot, ['dbridge'])
  dbridgeGenerate(repoRoot, project!.dir)
  // typecheck() throws when the project does not compile, so a broken consumer cannot pass.
  const full = typecheck(repoRoot, project!.dir, 'tsconfig.json')
  const empty = typecheck(repoRoot, project!.dir, 'tsconfig.empty.json')
  const perQuery = (full.instantiations - empty.instantiations) / queryCount
  expect(empty.instantiations).toBeGreaterThan(0)
  expect(perQuery, `${full.instantiations} - ${empty.instantiations} instantiations over ${queryCount} queries`).toBeGreaterThan(0)
  expect(perQuery, `${full.instantiations} - ${empty.instantiations} instantiations over ${queryCount} queries`).toBeLessThanOrEqual(
    instantiationsPerQueryBudget,
  )
}, 180_000)
