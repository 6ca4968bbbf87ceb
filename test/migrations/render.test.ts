/** The renderers of the change list: a change they do not know is an error, never nothing. */
import { describe, expect, it } from 'vitest'
import type { Change } from '../../generator/migrate/changes.js'
import { lintsOf, renderLints } from '../../generator/migrate/lints.js'
import { renderSql, statementsOf } from '../../generator/migrate/render-sql.js'
import { renderSummary, summaryOf } from '../../generator/migrate/render-summary.js'

const unknown = { kind: 'alterTablespace', table: 'books' } as unknown as Change
const known: Change = { kind: 'dropColumn', table: 'books', column: 'isbn' }

describe('renderers', () => {
  it('throw on a change kind they do not know, naming it', () => {
    for (const render of [renderSql, renderSummary, renderLints]) {
      expect(() => render([known, unknown])).toThrow("unknown change kind 'alterTablespace'")
    }
    for (const render of [statementsOf, summaryOf, lintsOf]) expect(() => render(unknown)).toThrow(/unknown change kind 'alterTablespace'/)
  })

  it('throw on a constraint type they do not know, naming it', () => {
    const change = { kind: 'addConstraint', table: 'books', constraint: { type: 'exclusion', name: 'x' }, replaces: false } as unknown as Change
    for (const render of [renderSql, renderSummary, renderLints]) expect(() => render([change])).toThrow("unknown constraint type 'exclusion'")
    const drop = { kind: 'dropConstraint', table: 'books', type: 'exclusion', name: 'x' } as unknown as Change
    for (const render of [renderSql, renderSummary]) expect(() => render([drop])).toThrow("unknown constraint type 'exclusion'")
  })

  it('render a change each', () => {
    expect(renderSql([known])).toEqual(['ALTER TABLE "books" DROP COLUMN "isbn";'])
    expect(renderSummary([known])).toEqual(['drop column books.isbn'])
    expect(renderLints([known])).toEqual([{ level: 'danger', message: 'drops column books.isbn and its data' }])
  })

  it('gather the tables to drop into one statement, after what goes before it', () => {
    const changes: Change[] = [
      { kind: 'dropTable', name: 'books' },
      { kind: 'dropIndex', table: 'authors', name: 'authors_name_idx' },
      { kind: 'dropTable', name: 'reviews' },
      { kind: 'dropEnum', name: 'book_status' },
    ]
    expect(renderSql(changes)).toEqual(['DROP INDEX "authors_name_idx";', 'DROP TABLE "books", "reviews";', 'DROP TYPE "book_status";'])
    expect(statementsOf(changes[0]!)).toEqual([{ phase: 7, sql: 'DROP TABLE "books";' }])
  })
})
