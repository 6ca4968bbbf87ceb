/**
 * What the generator derives from each schema file's text (the module with its types
 * stripped, the json column types and exports it declares), kept on disk by content under
 * node_modules/.cache/dbridge. A run whose schema files have not changed then never loads
 * the TypeScript compiler, which is most of the cost of such a run.
 *
 * Keys hash the file's path and text with a fingerprint of the code that derives them (this
 * package's and the versions of ts-blank-space and of ts-morph, whose compiler parses and
 * transpiles), so an edit or a new version of any of them simply misses. The file is rewritten with only the
 * entries a run used, so it never grows past one copy of the schema's.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))

let fingerprint: string | undefined

/** Changes whenever the code that strips types or reads source info changes, or a library it uses. */
function derivationFingerprint(): string {
  if (fingerprint) return fingerprint
  const hash = createHash('sha256')
  for (const name of ['transpile.js', 'strip-types.js', 'import-elision.js', 'typescript.js', 'source-types.js']) {
    const path = join(here, name)
    hash.update(name).update(existsSync(path) ? readFileSync(path) : name)
  }
  const require = createRequire(import.meta.url)
  for (const name of ['ts-blank-space', 'ts-morph']) {
    let version = 'missing'
    try {
      version = (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version
    } catch {
      // not installed: the module hooks will say so when they need it
    }
    hash.update(`\u0000${name}@${version}`)
  }
  return (fingerprint = hash.digest('hex'))
}

export class SourceCache {
  private entries: Record<string, unknown> | undefined
  private readonly used = new Map<string, unknown>()

  constructor(readonly file: string) {}

  key(kind: string, ...parts: string[]): string {
    const hash = createHash('sha256').update(derivationFingerprint()).update(kind)
    for (const part of parts) hash.update('\u0000').update(part)
    return hash.digest('hex').slice(0, 40)
  }

  get(key: string): unknown {
    if (this.used.has(key)) return this.used.get(key)
    this.entries ??= this.read()
    if (!Object.hasOwn(this.entries, key)) return undefined
    const value = this.entries[key]
    this.used.set(key, value)
    return value
  }

  set(key: string, value: unknown): void {
    this.used.set(key, value)
  }

  /** Writes the entries this run used (when they differ from the file's) and starts a new run. */
  save(): void {
    this.entries ??= this.read()
    const next = Object.fromEntries(this.used)
    const unchanged = Object.keys(next).length === Object.keys(this.entries).length && Object.keys(next).every((key) => Object.hasOwn(this.entries!, key))
    if (!unchanged) {
      try {
        mkdirSync(dirname(this.file), { recursive: true })
        writeFileSync(this.file, JSON.stringify(next))
      } catch {
        // A cache that cannot be written only costs time.
      }
    }
    this.entries = next
    this.used.clear()
  }

  private read(): Record<string, unknown> {
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.file, 'utf8'))
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {}
    } catch {
      return {}
    }
  }
}

let active: SourceCache | undefined

/** Opens the cache of a project (once per root); until then, and without node_modules, nothing is cached. */
export function openSourceCache(root: string): SourceCache | undefined {
  if (!existsSync(join(root, 'node_modules'))) return undefined
  const file = join(root, 'node_modules/.cache/dbridge/schema-sources.json')
  if (active?.file === file) return active
  active?.save()
  return (active = new SourceCache(file))
}

/** The cache of the project being loaded, if one is open. */
export function sourceCache(): SourceCache | undefined {
  return active
}
