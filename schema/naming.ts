/** Name conversions: casing, row type names and constraint names. Deterministic, ASCII only. */
import type { Casing, IndexKey } from './model.js'

/**
 * camelCase -> snake_case. A digit run stays with what precedes it (`region1Id` ->
 * `region1_id`); an acronym stays together (`htmlURL` -> `html_url`, `URLPath` -> `url_path`).
 */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
}

export function applyCasing(name: string, casing: Casing): string {
  return casing === 'snake_case' ? snakeCase(name) : name
}

/** `bookGenres` -> `BookGenres`, `author_status` -> `AuthorStatus`. */
export function pascalCase(name: string): string {
  return name
    .split(/[_\s-]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('')
}

/** `book_genres` -> `bookGenres`. */
export function camelCase(name: string): string {
  const pascal = pascalCase(name)
  return pascal.length === 0 ? pascal : pascal[0]!.toLowerCase() + pascal.slice(1)
}

const irregular: Record<string, string> = {
  people: 'person',
  children: 'child',
  men: 'man',
  women: 'woman',
  mice: 'mouse',
  geese: 'goose',
  teeth: 'tooth',
  feet: 'foot',
  oxen: 'ox',
  indices: 'index',
  matrices: 'matrix',
  vertices: 'vertex',
  criteria: 'criterion',
  data: 'data',
  media: 'media',
  news: 'news',
  series: 'series',
  species: 'species',
  status: 'status',
  analyses: 'analysis',
  crises: 'crisis',
  theses: 'thesis',
}

/** English singular of the last word of a camelCase name: `bookCategories` -> `bookCategory`. */
export function singular(name: string): string {
  const match = /^(.*?)([A-Z]?[a-z]+)$/.exec(name)
  if (!match) return name
  const [, head, word] = match
  const lower = word!.toLowerCase()
  const keepCase = (s: string) => (word![0] === word![0]!.toUpperCase() ? s[0]!.toUpperCase() + s.slice(1) : s)
  if (lower in irregular) return head + keepCase(irregular[lower]!)
  let result = lower
  if (/[^aeiou]ies$/.test(lower)) result = lower.slice(0, -3) + 'y'
  else if (/(ss|x|z|ch|sh|o)es$/.test(lower) && !/(ho|ro|to|oe)es$/.test(lower.slice(-4))) result = lower.slice(0, -2)
  else if (/(ses)$/.test(lower) && lower.endsWith('uses')) result = lower.slice(0, -2)
  else if (/[^su]s$/.test(lower)) result = lower.slice(0, -1)
  return head + keepCase(result)
}

/** The row type name for a table's export name: `books` -> `Book`, `bookGenres` -> `BookGenre`. */
export function rowTypeName(exportName: string): string {
  return pascalCase(singular(exportName))
}

/** FNV-1a, 32 bits, as 8 hex digits: a short stable suffix for shortened names. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(16).padStart(8, '0')
}

export const maxIdentifierBytes = 63

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/**
 * A generated constraint or index name, shortened with a hash when it would pass
 * PostgreSQL's 63-byte limit (which would otherwise truncate it silently).
 */
export function constraintName(parts: readonly string[], suffix: string): string {
  const name = [...parts, suffix].join('_')
  if (byteLength(name) <= maxIdentifierBytes) return name
  const hash = shortHash(name)
  const keep = maxIdentifierBytes - hash.length - suffix.length - 2
  return `${name.slice(0, keep).replace(/_+$/, '')}_${hash}_${suffix}`
}

/**
 * The default name of an index: `<table>_<key>_..._idx`, where an expression key counts as
 * the first name in it (`to_tsvector('english', title)` -> `to_tsvector`, as PostgreSQL
 * names such indexes).
 */
export function indexName(table: string, keys: readonly IndexKey[]): string {
  const labels = keys.map((key) => (key.name !== undefined ? key.name : (/[a-z_][a-z0-9_]*/i.exec(key.expression)?.[0]?.toLowerCase() ?? 'expr')))
  return constraintName([table, ...labels], 'idx')
}
