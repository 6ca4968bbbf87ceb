import { describe, expect, it } from 'vitest'
import { createDb } from '../../generated/index.js'
import { databaseMembers } from '../../runtime/members.js'

describe('the members a table name must not shadow', () => {
  it('include every member of a database object and of a transaction object', async () => {
    // No connection is made: createDb is lazy.
    const db = createDb({ url: 'postgres://nobody@127.0.0.1:1/none' })
    const tables = new Set(['authors', 'books', 'customers', 'editions', 'genres', 'orderItems', 'orders', 'reviews'])
    const members = new Set<string>()
    for (let object: object | null = db; object && object !== Object.prototype; object = Object.getPrototypeOf(object)) {
      for (const name of Object.getOwnPropertyNames(object)) members.add(name)
    }
    const missing = [...members].filter((name) => !tables.has(name) && !databaseMembers.has(name))
    expect(missing).toEqual([])
    await db.close()
  })
})
