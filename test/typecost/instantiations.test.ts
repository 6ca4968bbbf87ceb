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
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { queryCount } from '../../bench/types/consumer.js'
import { dbridgeGenerate, typecheck } from '../../bench/types/measure.js'
import { writeProjects } from '../../bench/types/projects.js'
import { hasIntegerKey, parentOf, syntheticSchema } from '../../bench/types/synthetic.js'
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

// Measured 2026-12-05: 353 instantiations per query of the calls beyond CRUD, the five kinds
// in equal parts; alone, groupBy with having and orderBy costs ~1,040, aggregate ~430, a keyset
// page ~210, distinctOn ~195, a subquery ~140 (the checks of every aggregate key against the
// table's sums and ranged columns are the cost). Same ~30% headroom.
const beyondCrudBudget = 460

/** 40 queries beyond CRUD over tables 1-8 of the synthetic schema, each using its result. */
function beyondCrudConsumer(): string {
  const specs = syntheticSchema(20)
  const key = (i: number) => (hasIntegerKey(i) ? '1' : '1n')
  const lines = [`import { createDb } from './generated/index.js'`, '', `export const db = createDb({ url: process.env.DATABASE_URL })`, '']
  for (let i = 1; i <= 8; i++) {
    const t = `db.${specs[i]!.exportName}`
    const parent = `db.${specs[parentOf(i)]!.exportName}`
    lines.push(
      `export async function aggregate${i}() {
  const r = await ${t}.aggregate({ _count: true, _sum: { quantity: true }, _max: { createdAt: true } })
  return [r._count, r._sum.quantity, r._max.createdAt]
}`,
      `export async function groups${i}() {
  const g = await ${t}.groupBy({ by: ['isActive'], _count: true, _avg: { quantity: true }, having: { _count: { gt: 1 } }, orderBy: { _count: 'desc' } })
  return g[0]?._avg.quantity
}`,
      `export async function page${i}() {
  const rows = await ${t}.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], after: { createdAt: new Date(), id: ${key(i)} }, limit: 20 })
  return rows[0]?.name
}`,
      `export async function subquery${i}() {
  const rows = await ${t}.findMany({ where: { parentId: { in: ${parent}.subquery('id', { where: { isActive: true } }) } }, select: ['id', 'slug'] })
  return rows[0]?.slug
}`,
      `export async function distinct${i}() {
  const rows = await ${t}.findMany({ distinctOn: ['parentId'], orderBy: [{ parentId: 'asc' }, { createdAt: { dir: 'desc', nulls: 'last' } }] })
  return rows[0]?.quantity
}`,
    )
  }
  return lines.join('\n') + '\n'
}

it(`a query beyond CRUD (aggregate, groupBy, keyset page, subquery, distinctOn) costs at most ${beyondCrudBudget} type instantiations`, () => {
  const [project] = writeProjects(root, 20, repoRoot, ['dbridge'])
  dbridgeGenerate(repoRoot, project!.dir)
  writeFileSync(join(project!.dir, 'beyond.ts'), beyondCrudConsumer())
  writeFileSync(join(project!.dir, 'tsconfig.beyond.json'), JSON.stringify({ extends: './tsconfig.empty.json', include: ['schema/**/*.ts', 'generated/**/*.ts', 'beyond.ts'] }))
  const full = typecheck(repoRoot, project!.dir, 'tsconfig.beyond.json')
  const empty = typecheck(repoRoot, project!.dir, 'tsconfig.empty.json')
  const perQuery = (full.instantiations - empty.instantiations) / 40
  expect(perQuery, `${full.instantiations} - ${empty.instantiations} instantiations over 40 queries`).toBeGreaterThan(0)
  expect(perQuery, `${full.instantiations} - ${empty.instantiations} instantiations over 40 queries`).toBeLessThanOrEqual(beyondCrudBudget)
}, 180_000)
