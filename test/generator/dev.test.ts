/**
 * `dbridge dev` end to end on the embedded server: it prints the URL, generates and pushes,
 * picks up a schema edit, refuses a change that loses data, lets `createDb()` with no URL
 * reach its database, reports itself to a second `dbridge dev`, and leaves no server
 * process after Ctrl-C.
 */
import { spawnSync } from 'node:child_process'
import { connect } from 'node:net'
import { afterEach, expect, it } from 'vitest'
import { TempProject } from '../support/project.js'

const schema = (extra = '') => `import { table, t } from 'dbridge/schema'
export const notes = table('notes', {
  id: t.bigserial().primaryKey(),
  title: t.text(),${extra}
})
`

let project: TempProject | undefined
let stop: (() => void) | undefined
afterEach(() => {
  stop?.()
  project?.remove()
})

/** Runs a one-line app in the project, with no DATABASE_URL: what `createDb()` reaches. */
function app(dir: string, statement: string, env: Record<string, string | undefined> = {}): { code: number | null; stdout: string; stderr: string } {
  const source = `import('dbridge').then(async ({ createDb }) => { const db = createDb(); try { console.log(JSON.stringify(await db.sql\`${statement}\`)) } catch (e) { console.error(e.name + ': ' + e.message); process.exitCode = 1 } finally { await db.close() } })`
  const result = spawnSync(process.execPath, ['-e', source], { cwd: dir, encoding: 'utf8', env: { ...process.env, DATABASE_URL: undefined, ...env }, timeout: 30_000 })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** Processes whose command line names the project directory (the embedded server's, with its data directory). */
function processesOf(dir: string): string[] {
  const result = spawnSync('pgrep', ['-af', dir], { encoding: 'utf8' })
  return result.stdout.split('\n').filter(Boolean)
}

it('runs the dev database, keeps schema and client current, and stops cleanly', async () => {
  project = new TempProject({ 'schema/notes.schema.ts': schema() })
  const dir = project.dir
  // Without dev running, createDb() says how to give it a URL.
  const none = app(dir, 'select 1 as one')
  expect(none.stderr).toMatch(/ConfigError: no database URL: .*DATABASE_URL.*npx dbridge dev/)

  const dev = project.start(['dev'])
  stop = () => dev.child.kill('SIGINT')
  await dev.waitFor((o) => o.stdout.includes('(Ctrl-C to stop)'), 60_000)
  expect(dev.output().stdout).toMatch(/^DATABASE_URL=postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/postgres\n/)
  expect(dev.output().stdout).toMatch(/generated 1 table \(\d+ written\); pushed create table notes/)
  expect(project.read('generated/notes.ts')).toContain('export interface Note {')

  // The app reaches the dev database with no URL; in production it never does.
  const reached = app(dir, 'select count(*)::int as n from notes')
  expect(reached.stdout, reached.stderr).toBe('[{"n":0}]\n')
  expect(app(dir, 'select 1 as one', { NODE_ENV: 'production' }).stderr).toMatch(/ConfigError: no database URL.*NODE_ENV=production/)

  // A second dev in the same project reports the running one.
  const second = project.run(['dev'])
  expect(second.code).toBe(1)
  expect(second.stderr).toMatch(/dbridge dev is already running for this project \(process \d+\)/)

  // An edit is generated and pushed.
  project.write('schema/notes.schema.ts', schema('\n  body: t.text().nullable(),'))
  await dev.waitFor(() => app(dir, "select count(*)::int as n from information_schema.columns where table_name = 'notes' and column_name = 'body'").stdout === '[{"n":1}]\n', 30_000)
  await dev.waitFor(() => project!.read('generated/notes.ts').includes('body: string | null'))

  // A change that loses data is not pushed, and says how to go on.
  const kept = app(dir, "insert into notes (title, body) values ('kept', 'text') returning title")
  expect(kept.stdout, kept.stderr).toBe('[{"title":"kept"}]\n')
  project.write('schema/notes.schema.ts', schema())
  await dev.waitFor((o) => /not pushed[\s\S]*drop column notes\.body: its values are deleted[\s\S]*--accept-data-loss/.test(o.stderr), 30_000)
  expect(app(dir, 'select body from notes').stdout).toBe('[{"body":"text"}]\n')

  dev.child.kill('SIGINT')
  await new Promise((resolve) => dev.child.once('exit', resolve))
  expect(dev.child.exitCode).toBe(0)
  expect(dev.output().stdout).toMatch(/stopped\n$/)
  expect(project.exists('.dbridge/dev.json')).toBe(false)
  expect(processesOf(dir)).toEqual([])
  // The server it started is gone: nothing listens on its port any more.
  const port = Number(/127\.0\.0\.1:(\d+)\//.exec(dev.output().stdout)![1])
  const refused = await new Promise<string>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => (socket.destroy(), resolve('connected')))
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
  })
  expect(refused).toBe('ECONNREFUSED')
  expect(app(dir, 'select 1 as one').stderr).toMatch(/no database URL/)
}, 180_000)
