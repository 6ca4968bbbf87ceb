/**
 * dbridge as a consumer project sees it: generate a client in a project that has dbridge
 * and dbridge-cli linked in node_modules, type-check it with the project's own tsc settings (NodeNext),
 * apply its schema.sql (with a foreign key cycle) and use it from plain Node. The same
 * project in both emit modes: TypeScript modules, and JavaScript with declarations.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TempProject, repoRoot } from '../support/project.js'
import { createTestDatabase, type TestDatabase } from '../support/database.js'

const files = (emit: 'ts' | 'js') => ({
  'dbridge.config.ts': `import { defineConfig } from 'dbridge/config'\nexport default defineConfig({ emit: '${emit}' })\n`,
  'package.json': JSON.stringify({ name: 'consumer', type: 'module', private: true }),
  'tsconfig.json': JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [], allowImportingTsExtensions: true },
    include: ['app.ts', 'generated', 'schema'],
  }),
  // Two tables that reference each other: schema.sql must add one foreign key afterwards.
  'schema/teams.schema.ts': `import { table, t, type AnyColumn } from 'dbridge/schema'
import { players } from './players.schema.ts'
export const teams = table('teams', {
  id: t.serial().primaryKey(),
  name: t.text().unique(),
  captainId: t.integer().nullable().references((): AnyColumn => players.id, { onDelete: 'set null' }),
})
`,
  'schema/players.schema.ts': `import { table, t } from 'dbridge/schema'
import { teams } from './teams.schema.ts'
export const players = table('players', {
  id: t.serial().primaryKey(),
  name: t.text(),
  teamId: t.integer().references(() => teams.id, { onDelete: 'cascade' }),
})
`,
  'app.ts': `import { createDb, newPlayerSchema, type Player } from './generated/index.js'
declare const process: { env: Record<string, string | undefined> }
const db = createDb({ url: process.env.DATABASE_URL })
const team = await db.teams.insert({ name: 'Red' })
const player: Player = await db.players.insert({ name: 'Ann', teamId: team.id })
await db.teams.update({ where: { id: team.id }, set: { captainId: player.id } })
const captain = await db.teams.findOneOrThrow({ where: { name: 'Red' } })
const parsed: { name: string; teamId: number } = newPlayerSchema.parse({ name: 'Bo', teamId: team.id })
console.log(JSON.stringify({ captain: captain.captainId === player.id, players: await db.players.count(), parsed: parsed.name }))
await db.close()
// Compiled, never run: what the client must refuse.
export function wrongInput() {
  // @ts-expect-error teamId is a number
  return db.players.insert({ name: 'Bob', teamId: 'red' })
}
`,
})

describe.each(['ts', 'js'] as const)('emit: %s', (emit) => {
  let project: TempProject
  let database: TestDatabase | undefined

  beforeAll(() => {
    project = new TempProject(files(emit))
  })

  afterAll(async () => {
    project?.remove()
    await database?.drop()
  })

  it('generates a client that type-checks, applies and runs in a consumer project', async () => {
    const generated = project.run(['generate'])
    expect(generated.stderr).toBe('')
    expect(project.exists('generated/index.ts')).toBe(emit === 'ts')
    expect(project.exists('generated/index.js') && project.exists('generated/index.d.ts')).toBe(emit === 'js')
    const sql = project.read('generated/schema.sql')
    expect(sql).toMatch(/ALTER TABLE "(players|teams)" ADD CONSTRAINT/)

    const tsc = spawnSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', project.dir], { encoding: 'utf8' })
    expect(tsc.stdout + tsc.stderr).toBe('')
    expect(tsc.status).toBe(0)

    database = await createTestDatabase(sql)
    // Plain Node with the TypeScript hooks dbridge ships (the consumer compiles nothing).
    const run = spawnSync(process.execPath, ['--import', 'dbridge-cli/register', 'app.ts'], {
      cwd: project.dir,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: database.url },
    })
    expect(run.stderr).toBe('')
    expect(JSON.parse(run.stdout)).toEqual({ captain: true, players: 1, parsed: 'Bo' })
  })
})
