/**
 * Format: emits each planned unit and lays its TypeScript out as prettier does: the
 * statements the emitters write in regular shapes directly (layout.ts), the rest through
 * prettier itself (a prettier failure is fatal: it means the emitter wrote invalid code).
 *
 * Emitting dominates the cost of a run, so finished files are cached by their unit's key
 * (in memory, and on disk under node_modules/.cache/dbridge), together with a fingerprint
 * of the emitter and prettier.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { EmitContext, Statement } from './emit/common.js'
import { layoutStatement } from './layout.js'
import { plan, type PlannedFile, type PlannedUnit } from './plan.js'
import { PrettierPool } from './prettier-pool.js'

export const prettierOptions = {
  parser: 'babel-ts',
  semi: false,
  singleQuote: true,
  printWidth: 110,
  trailingComma: 'all',
} as const

const here = dirname(fileURLToPath(import.meta.url))

let fingerprint: string | undefined

/** Changes whenever the emitter code, prettier or its options change. */
function emitterFingerprint(): string {
  if (fingerprint) return fingerprint
  const hash = createHash('sha256').update(JSON.stringify(prettierOptions))
  const prettierPackage = join(dirname(fileURLToPath(import.meta.resolve('prettier'))), 'package.json')
  hash.update(readFileSync(prettierPackage))
  for (const dir of [here, join(here, 'emit')]) {
    for (const name of readdirSync(dir).filter((n) => /\.(js|ts)$/.test(n) && !n.endsWith('.d.ts')).sort()) {
      hash.update(name).update(readFileSync(join(dir, name)))
    }
  }
  return (fingerprint = hash.digest('hex'))
}

const memory = new Map<string, string>()

/**
 * The cache file of one output directory: the finished files of the last run, by key. It is
 * rewritten with only the current run's files, so it never grows past one copy of the output.
 */
function cacheFile(ctx: EmitContext): string | undefined {
  if (!existsSync(join(ctx.root, 'node_modules'))) return undefined
  const id = createHash('sha256').update(ctx.outDir).digest('hex').slice(0, 16)
  return join(ctx.root, 'node_modules/.cache/dbridge', `${id}.json`)
}

function readCacheFile(path: string | undefined): Record<string, string> {
  if (!path) return {}
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'))
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {}
  } catch {
    return {}
  }
}

function writeCacheFile(path: string | undefined, entries: Record<string, string>): void {
  if (!path) return
  try {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, JSON.stringify(entries))
  } catch {
    // A cache that cannot be written only costs time.
  }
}

/** Prints one statement with ts-morph's structure printer (text straight from the structure: no project, no parse). */
function printStatement(tsMorph: typeof import('ts-morph'), statement: Statement): string {
  const text = tsMorph.printStructure({ kind: tsMorph.StructureKind.SourceFile, statements: [statement] }, { useSingleQuote: true, indentNumberOfSpaces: 2 })
  return text.replace(/\n+$/, '')
}

function isImport(tsMorph: typeof import('ts-morph'), statement: Statement): boolean {
  return typeof statement === 'object' && statement.kind === tsMorph.StructureKind.ImportDeclaration
}

/**
 * Emits the units: each statement is printed by ts-morph and laid out (layout.ts); the few
 * the layout leaves to prettier are formatted by it, in parallel when there are many. A
 * module is its header, then its statements: imports one per line, a blank line before
 * every other statement.
 */
async function buildUnits(units: readonly PlannedUnit[]): Promise<string[]> {
  const tsMorph = await import('ts-morph')
  const contents = await Promise.all(units.map((unit) => unit.emit()))
  const modules = contents.map((content) => {
    if (typeof content === 'string') return undefined
    return content.statements.map((statement) => {
      const printed = printStatement(tsMorph, statement)
      return { printed, text: layoutStatement(printed), isImport: isImport(tsMorph, statement) }
    })
  })
  const leftToPrettier = modules.flatMap((statements, i) =>
    (statements ?? []).filter((statement) => statement.text === undefined).map((statement) => ({ statement, path: units[i]!.path })),
  )
  if (leftToPrettier.length > 0) {
    const pool = new PrettierPool(prettierOptions, leftToPrettier.length)
    for (const { statement, path } of leftToPrettier) pool.add({ path, text: statement.printed })
    const formatted = await pool.finish()
    leftToPrettier.forEach(({ statement }, i) => (statement.text = formatted[i]!.replace(/\n+$/, '')))
  }
  return contents.map((content, i) => {
    if (typeof content === 'string') return content
    const statements = modules[i]!
    let text = `${content.header}\n`
    statements.forEach((statement, j) => {
      if (j > 0) text += statement.isImport && statements[j - 1]!.isImport ? '\n' : '\n\n'
      text += statement.text
    })
    return text + '\n'
  })
}

/** Plans, then emits and formats the units not found in the caches. */
export async function formatFiles(ctx: EmitContext): Promise<PlannedFile[]> {
  const units = plan(ctx)
  const prefix = emitterFingerprint()
  const keys = units.map((unit) => createHash('sha256').update(prefix).update(unit.key).digest('hex').slice(0, 40))
  const path = cacheFile(ctx)
  let onDisk: Record<string, string> | undefined
  const texts = keys.map((key) => {
    const inMemory = memory.get(key)
    if (inMemory !== undefined) return inMemory
    onDisk ??= readCacheFile(path)
    return Object.hasOwn(onDisk, key) ? onDisk[key] : undefined
  })
  const missing = units.map((_, i) => i).filter((i) => texts[i] === undefined)
  if (missing.length > 0) {
    const built = await buildUnits(missing.map((i) => units[i]!))
    missing.forEach((unitIndex, i) => (texts[unitIndex] = built[i]!))
  }
  // Keep only this run's files, in memory and on disk.
  memory.clear()
  const entries: Record<string, string> = {}
  keys.forEach((key, i) => {
    memory.set(key, texts[i]!)
    entries[key] = texts[i]!
  })
  const diskIsCurrent = onDisk !== undefined && Object.keys(onDisk).length === keys.length && missing.length === 0
  if (!diskIsCurrent && (missing.length > 0 || onDisk !== undefined)) writeCacheFile(path, entries)
  return units.map((unit, i) => ({ path: unit.path, contents: texts[i]! }))
}
