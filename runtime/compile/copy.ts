/**
 * The text of COPY statements and of the COPY text format. COPY takes no parameters: a
 * `copyTo`'s select is sent with its values written in as literals (inlineParams).
 */
import type { ColumnMeta, TableMeta } from '../meta.js'
import { quoteLiteral } from '../sql.js'

export type CopyFormat = 'text' | 'csv'

/** `COPY "t" (columns) FROM STDIN` (the text format). */
export function copyFromText(meta: TableMeta, columns: readonly ColumnMeta[]): string {
  return `COPY ${meta.quoted} (${columns.map((c) => c.quoted).join(', ')}) FROM STDIN`
}

/** `COPY (<select>) TO STDOUT`, as COPY text or as CSV with a header. */
export function copyToText(select: string, format: CopyFormat): string {
  return `COPY (${select}) TO STDOUT${format === 'csv' ? ' WITH (FORMAT csv, HEADER true)' : ''}`
}

const copyEscapes = /[\\\n\r\t]/g
const copyEscape: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/** One field of the COPY text format. */
export function copyField(text: string | null): string {
  if (text === null) return '\\N'
  return copyEscapes.test(text) ? ((copyEscapes.lastIndex = 0), text.replace(copyEscapes, (c) => copyEscape[c]!)) : text
}

/**
 * Inlines bound values into a statement, for COPY (which takes no parameters): each value is
 * already encoded text and becomes a quoted literal.
 */
export function inlineParams(text: string, params: readonly (string | null)[], standardStrings: boolean): string {
  if (!standardStrings) throw new Error('copyTo needs standard_conforming_strings = on to write literals safely')
  let out = ''
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (c === '"') {
      const end = text.indexOf('"', i + 1)
      out += text.slice(i, end + 1)
      i = end + 1
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1)
      out += text.slice(i, end + 1)
      i = end + 1
    } else if (c === '$' && /[0-9]/.test(text[i + 1] ?? '')) {
      let j = i + 1
      while (/[0-9]/.test(text[j] ?? '')) j++
      const value = params[Number(text.slice(i + 1, j)) - 1]
      out += value === null || value === undefined ? 'NULL' : quoteLiteral(value)
      i = j
    } else {
      out += c
      i++
    }
  }
  return out
}

