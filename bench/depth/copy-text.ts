/**
 * COPY text written by hand for postgres.js's own `COPY ... FROM STDIN`: what a careful
 * user writes without a library. Fields are separated by tabs, rows end with a newline,
 * NULL is `\N`, and backslash, newline, carriage return and tab are escaped.
 */
import type { NewBook } from '../../generated/index.js'

const specials = /[\\\n\r\t]/
const escapes: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' }

export function copyText(value: string): string {
  return specials.test(value) ? value.replace(/[\\\n\r\t]/g, (c) => escapes[c]!) : value
}

/** A text[] literal: every element quoted, `"` and `\` escaped inside the quotes. */
export function textArrayLiteral(values: readonly string[]): string {
  return '{' + values.map((v) => '"' + v.replace(/["\\]/g, '\\$&') + '"').join(',') + '}'
}

/** The COPY columns of `bookLine`, in order. */
export const bookCopyColumns = 'isbn, title, author_id, price, stock, tags, meta, published_on'

/** One row of `books` as a line of COPY text (the columns of `bookCopyColumns`). */
export function bookLine(row: NewBook): string {
  return (
    copyText(row.isbn) +
    '\t' +
    copyText(row.title) +
    '\t' +
    row.authorId +
    '\t' +
    row.price +
    '\t' +
    (row.stock ?? 0) +
    '\t' +
    copyText(textArrayLiteral(row.tags ?? [])) +
    '\t' +
    (row.meta == null ? '\\N' : copyText(JSON.stringify(row.meta))) +
    '\t' +
    (row.publishedOn ?? '\\N') +
    '\n'
  )
}
