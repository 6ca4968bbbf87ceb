/**
 * How a statement reaches a related table: the FROM clause of the related rows and the
 * condition that ties them to the row they belong to (through the join table of a
 * many-to-many relation). Used by relation filters, nested rows and orderings.
 */
import type { ColumnMeta, RelationSpec, TableMeta } from '../meta.js'
import { quoteIdent } from '../sql.js'

export function keyColumn(meta: TableMeta, key: string): ColumnMeta {
  const column = meta.byKey.get(key)
  if (!column) throw new Error(`internal error: ${meta.key} has no column '${key}' (regenerate the client)`)
  return column
}

/** The FROM clause and join condition of a relation from `parent` (alias `parentAlias`) to its target (alias `alias`). */
export function relationJoin(parent: TableMeta, parentAlias: string, relation: RelationSpec, target: TableMeta, alias: string, nextAlias: () => string) {
  if (relation.kind === 'manyToMany') {
    const through = relation.through!
    const join = nextAlias()
    const from =
      `${target.quoted} AS ${alias} JOIN ${quoteIdent(through.table)} AS ${join} ON ` +
      through.target.map(([key, column]) => `${join}.${quoteIdent(column)} = ${alias}.${keyColumn(target, key).quoted}`).join(' AND ')
    const on = through.source.map(([key, column]) => `${join}.${quoteIdent(column)} = ${parentAlias}.${keyColumn(parent, key).quoted}`)
    return { from, on }
  }
  const on = relation.on!.map(([sourceKey, targetKey]) => `${alias}.${keyColumn(target, targetKey).quoted} = ${parentAlias}.${keyColumn(parent, sourceKey).quoted}`)
  return { from: `${target.quoted} AS ${alias}`, on }
}
