/**
 * `dbridge init`: start a project in a directory, empty or not. Writes a config, a starter
 * schema file and `.dbridge/` (the embedded server's data) into `.gitignore`; never
 * overwrites anything, so a second run changes nothing and says so.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Output } from '../migrate/commands.js'

const configNames = ['dbridge.config.ts', 'dbridge.config.js', 'dbridge.config.mjs']

const configText = `import { defineConfig } from 'dbridge/config'

export default defineConfig({
  schema: ['schema/**/*.schema.ts'],
  // Typed SQL files: statements checked against the schema, as db.queries.<name>(...).
  // queries: ['queries/**/*.sql'],
  out: 'generated',
  migrations: 'migrations',
  // Without a URL here or in DATABASE_URL, commands use an embedded PostgreSQL in .dbridge/.
  databaseUrl: process.env.DATABASE_URL,
})
`

const starterText = `import { table, t } from 'dbridge/schema'

/** A starter table: rename it, change its columns, add tables next to it. */
export const notes = table('notes', {
  id: t.bigserial().primaryKey(),
  title: t.text().length({ min: 1, max: 200 }),
  body: t.text().nullable(),
  createdAt: t.timestamptz().defaultNow(),
})
`

function hasSchemaFiles(dir: string): boolean {
  try {
    return readdirSync(dir, { recursive: true }).some((name) => String(name).endsWith('.schema.ts'))
  } catch {
    return false
  }
}

/** Sets the project up in `dir`; returns the exit code. */
export function initProject(dir: string, output: Output): number {
  const done: string[] = []
  const kept: string[] = []
  const existingConfig = configNames.find((name) => existsSync(join(dir, name)))
  if (existingConfig) kept.push(`${existingConfig} (exists)`)
  else {
    writeFileSync(join(dir, 'dbridge.config.ts'), configText, { flag: 'wx' })
    done.push('dbridge.config.ts')
  }
  // A project that has a config or schema files already has its own schema.
  if (existingConfig || hasSchemaFiles(join(dir, 'schema'))) kept.push('schema/ (the schema files there, or the config’s, are the project’s)')
  else {
    mkdirSync(join(dir, 'schema'), { recursive: true })
    writeFileSync(join(dir, 'schema/notes.schema.ts'), starterText, { flag: 'wx' })
    done.push('schema/notes.schema.ts')
  }
  const gitignore = join(dir, '.gitignore')
  const ignored = existsSync(gitignore) ? readFileSync(gitignore, 'utf8') : undefined
  if (ignored !== undefined && ignored.split(/\r?\n/).some((line) => /^\/?\.dbridge\/?$/.test(line.trim()))) kept.push('.gitignore (has .dbridge/)')
  else {
    appendFileSync(gitignore, `${ignored === undefined || ignored === '' || ignored.endsWith('\n') ? '' : '\n'}# dbridge's embedded PostgreSQL (dev data)\n.dbridge/\n`)
    done.push(ignored === undefined ? '.gitignore' : '.gitignore (added .dbridge/)')
  }
  if (done.length === 0) output.out('already set up: nothing written')
  else output.out(`wrote ${done.join(', ')}`)
  for (const line of kept) output.out(`  left as it is: ${line}`)
  output.out('next:')
  output.out('  npx dbridge dev                         the dev database (DATABASE_URL, or an embedded one in .dbridge/): generates')
  output.out('                                          the client into generated/ and pushes the schema on every change;')
  output.out('                                          then in your code: import { createDb } from "./generated/index.js"')
  output.out('  npx dbridge migrate diff --name init    when the schema is ready: the migration file to commit')
  return 0
}
