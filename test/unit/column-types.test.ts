/** The schema's column-type table and the runtime's PostgreSQL-type table agree. */
import { describe, expect, it } from 'vitest'
import * as support from '../../runtime/support.js'
import { pgTypes, type PgType } from '../../runtime/types.js'
import { columnTypes } from '../../schema/column-types.js'

describe('column types', () => {
  it('name, for every DSL type, the runtime functions the runtime itself decodes its PostgreSQL type with', () => {
    for (const [name, row] of Object.entries(columnTypes)) {
      const pg: PgType = pgTypes[row.pg]
      expect(pg, name).toBeDefined()
      const exported = support as unknown as Record<string, unknown>
      expect(row.decoder === undefined ? undefined : exported[row.decoder], `${name}: decoder`).toBe(pg.decode)
      expect(row.jsonDecoder === undefined ? undefined : exported[row.jsonDecoder], `${name}: JSON decoder`).toBe(pg.decodeJson)
    }
  })

  it('serial types store an integer type of the same PostgreSQL type and rank', () => {
    for (const row of Object.values(columnTypes)) {
      if (!row.serialOf) continue
      const storage = columnTypes[row.serialOf]
      expect(storage.pg).toBe(row.pg)
      expect(storage.integerRank).toBe(row.integerRank)
    }
  })

  it('give the generated client the filters and changes the runtime applies to their PostgreSQL type', () => {
    for (const [name, row] of Object.entries(columnTypes)) {
      const pg: PgType = pgTypes[row.pg]
      expect(row.change === 'NumericChange', `${name}: { increment } / { decrement }`).toBe(pg.numeric === true)
      expect(row.filter === 'TextFilter', `${name}: LIKE operators`).toBe(pg.textLike === true)
    }
  })

  it('name zod schemas whose runtime validators the runtime exports', () => {
    const exported = support as unknown as Record<string, unknown>
    for (const [name, row] of Object.entries(columnTypes)) {
      const root = /^[A-Za-z_$][\w$]*/.exec(row.zod)![0]
      if (root !== 'z') expect(exported[root], `${name}: ${row.zod}`).toBeDefined()
    }
  })
})
