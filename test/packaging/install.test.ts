/**
 * The two packages as users install them: `dbridge` (runtime) and `dbridge-cli` (dev
 * tools), packed from this build by packages/pack.js and installed from the tarballs into
 * an empty application. The CLI generates a client, the application's own tsc compiles it
 * against the packed type declarations, and after a production prune the application
 * runs against PostgreSQL with nothing of the generator's tools installed.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb as createRawDb } from '../../runtime/index.js'
import { createTestDatabase, type TestDatabase } from '../support/database.js'
import { repoRoot } from '../support/project.js'

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

let work: string
let app: string
let tarballs: { runtime: string; cli: string }
let database: TestDatabase | undefined

function run(command: string, args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd: options.cwd ?? app,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: undefined, npm_config_audit: 'false', npm_config_fund: 'false', ...options.env },
    timeout: 240_000,
  })
}

function ok(result: SpawnSyncReturns<string>): string {
  if (result.status !== 0) throw new Error(`exit ${result.status}:\n${result.stdout}\n${result.stderr}`)
  return result.stdout
}

function write(path: string, text: string): void {
  mkdirSync(dirname(join(app, path)), { recursive: true })
  writeFileSync(join(app, path), text)
}

/** Every package installed in the application, scoped ones as `@scope/name`. */
function installedPackages(): string[] {
  const modules = join(app, 'node_modules')
  return readdirSync(modules)
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) => (name.startsWith('@') ? readdirSync(join(modules, name)).map((inner) => `${name}/${inner}`) : [name]))
    .sort()
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'dbridge-packaging-'))
  app = join(work, 'app')
  mkdirSync(app)
  tarballs = JSON.parse(ok(run(process.execPath, [join(repoRoot, 'packages/pack.js'), join(work, 'tarballs')], { cwd: repoRoot }))) as typeof tarballs
  write('package.json', JSON.stringify({ name: 'notes-app', private: true, type: 'module' }, null, 2))
  write(
    'tsconfig.json',
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        outDir: 'build',
        skipLibCheck: false,
        // A Node application has Node's types; this one borrows the repository's.
        typeRoots: [join(repoRoot, 'node_modules/@types')],
        types: ['node'],
      },
      include: ['app.ts', 'generated'],
    }),
  )
  write(
    'schema/notes.schema.ts',
    `import { table, t } from 'dbridge/schema'
export const notes = table('notes', {
  id: t.bigserial().primaryKey(),
  body: t.text().length({ min: 1 }),
  pinned: t.boolean().default(false),
})
`,
  )
  write(
    'app.ts',
    `import { createDb, type Note } from './generated/index.js'
declare const process: { env: Record<string, string | undefined> }
const db = createDb({ url: process.env.DATABASE_URL })
const note: Note = await db.notes.insert({ body: 'from a production install', pinned: true })
console.log(JSON.stringify({ id: String(note.id), count: await db.notes.count() }))
await db.close()
`,
  )
}, 300_000)

afterAll(async () => {
  if (work) rmSync(work, { recursive: true, force: true })
  await database?.drop()
})

describe('dbridge and dbridge-cli installed from their tarballs', () => {
  it('the runtime alone carries postgres and zod, and the command says how to get the CLI', () => {
    ok(run(npm, ['install', '--prefer-offline', '--ignore-scripts', tarballs.runtime]))
    expect(installedPackages()).toEqual(['dbridge', 'postgres', 'zod'])

    const bare = run(npm, ['exec', '--no', '--', 'dbridge', 'generate'])
    expect(bare.status).toBe(1)
    expect(bare.stderr).toContain(`npm install --save-dev dbridge-cli@${version}`)
  })

  it('with dbridge-cli as a dev dependency, generates a client that compiles against the packed types', () => {
    ok(run(npm, ['install', '--prefer-offline', '--ignore-scripts', '--save-dev', tarballs.cli]))
    expect(ok(run(npm, ['exec', '--no', '--', 'dbridge', '--help']))).toMatch(/dbridge generate[\s\S]*dbridge migrate[\s\S]*dbridge pull/)
    expect(ok(run(npm, ['exec', '--no', '--', 'dbridge', 'generate']))).toMatch(/generated 1 table/)
    // The application's own compiler, with its declarations checked (no skipLibCheck).
    const tsc = run(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', app])
    expect(tsc.stdout + tsc.stderr).toBe('')
    expect(tsc.status).toBe(0)
  })

  it('after a production prune, holds none of the generator tools and the application runs', async () => {
    ok(run(npm, ['prune', '--omit=dev', '--prefer-offline', '--ignore-scripts']))
    expect(installedPackages()).toEqual(['dbridge', 'postgres', 'zod'])

    database = await createTestDatabase(readFileSync(join(app, 'generated/schema.sql'), 'utf8'))
    const result = run(process.execPath, ['build/app.js'], { env: { DATABASE_URL: database.url } })
    expect(result.stderr).toBe('')
    const printed = JSON.parse(result.stdout) as { id: string }

    const check = createRawDb({ url: database.url, max: 1 })
    try {
      const rows = await check.sql<{ id: string; body: string; pinned: boolean }>`select id::text, body, pinned from notes`
      expect(rows).toEqual([{ id: printed.id, body: 'from a production install', pinned: true }])
    } finally {
      await check.close()
    }
  })
})
