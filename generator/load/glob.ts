/**
 * Globs for schema files: `*`, `**`, `?`, `{a,b}` and `[...]`. Matching is on paths
 * relative to the config root, with forward slashes.
 */
import { readdirSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

export function globToRegExp(pattern: string): RegExp {
  let re = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        // `**/` matches zero or more directories; a trailing `**` matches anything.
        if (pattern[i + 2] === '/') {
          re += '(?:[^/]*/)*'
          i += 2
        } else {
          re += '.*'
          i += 1
        }
      } else re += '[^/]*'
    } else if (c === '?') re += '[^/]'
    else if (c === '{') {
      const end = pattern.indexOf('}', i)
      if (end === -1) re += '\\{'
      else {
        re += '(?:' + pattern.slice(i + 1, end).split(',').map((alt) => globToRegExp(alt).source.slice(1, -1)).join('|') + ')'
        i = end
      }
    } else if (c === '[') {
      const end = pattern.indexOf(']', i)
      if (end === -1) re += '\\['
      else {
        re += '[' + pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']'
        i = end
      }
    } else re += /[.+^$()|\\]/.test(c) ? '\\' + c : c
  }
  return new RegExp('^' + re + '$')
}

/** The directory part of a glob before its first wildcard (`schema/**\/*.ts` -> `schema`). */
export function globBase(pattern: string): string {
  const parts = pattern.split('/')
  const fixed: string[] = []
  for (const part of parts) {
    if (/[*?{[]/.test(part)) break
    fixed.push(part)
  }
  if (fixed.length === parts.length) fixed.pop() // a plain file path: its directory
  return fixed.join('/') || '.'
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/')
}

const skippedDirectories = new Set(['node_modules', '.git', '.dbridge'])

/** Files under `root` matching any of the globs, sorted by byte order. */
export function findFiles(root: string, globs: readonly string[]): string[] {
  const found = new Set<string>()
  for (const glob of globs) {
    const pattern = globToRegExp(glob.replace(/^\.\//, ''))
    const base = join(root, globBase(glob.replace(/^\.\//, '')))
    walk(base, (file) => {
      const rel = toPosix(relative(root, file))
      if (pattern.test(rel)) found.add(file)
    })
  }
  return [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

function walk(dir: string, visit: (file: string) => void): void {
  let entries
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return
  }
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (!skippedDirectories.has(entry.name)) walk(join(dir, entry.name), visit)
    } else if (entry.isFile()) visit(join(dir, entry.name))
  }
}
