/**
 * Relations, derived from the model's foreign keys and many-to-many links (nothing is
 * declared twice). Naming:
 * - a foreign key `books.authorId -> authors.id` gives `books.author` (one; nullable when the
 *   column is) and `authors.books` (many; one when the foreign key columns are unique);
 * - the forward name is the column's name without its `Id` suffix (a composite key: the
 *   singular of the referenced table's export name); the inverse name is the referencing
 *   table's export name (singular for a one-to-one); `references(..., { name, inverse })`
 *   overrides either;
 * - `manyToMany(a, b)` gives `a.<b's export name>` and `b.<a's export name>`.
 */
import type { ForeignKeyModel, SchemaModel, TableModel } from './model.js'
import { camelCase, singular } from './naming.js'

export type RelationKind = 'one' | 'many' | 'manyToMany'

/** How a relation joins: pairs of [column on the source table, column on the target table] (SQL names). */
export type ColumnPairs = readonly (readonly [string, string])[]

export interface RelationModel {
  readonly name: string
  readonly kind: RelationKind
  /** SQL names of the tables. */
  readonly source: string
  readonly target: string
  /** A `one` relation that may find no row. */
  readonly nullable: boolean
  /** `one` and `many`: target.col = source.col for each pair. */
  readonly on: ColumnPairs
  /** `manyToMany`: join table, with [source column, join column] and [target column, join column] pairs. */
  readonly through: { readonly table: string; readonly source: ColumnPairs; readonly target: ColumnPairs } | null
  /** Where the name came from, for messages: the table and columns, and the option that renames it. */
  readonly origin: { readonly table: string; readonly columns: readonly string[]; readonly option: 'name' | 'inverse' }
}

export interface RelationProblem {
  readonly table: TableModel
  readonly message: string
  readonly hint: string
  /** The relations involved (`origin` says which option renames each). */
  readonly relations: readonly RelationModel[]
}

function isUnique(table: TableModel, columns: readonly string[]): boolean {
  const keys = [
    ...(table.primaryKey ? [table.primaryKey.columns] : []),
    ...table.uniques.map((u) => u.columns),
    ...table.indexes.filter((i) => i.unique && i.where === null && i.columns.every((c) => c.name !== undefined)).map((i) => i.columns.map((c) => c.name!)),
  ]
  return keys.some((key) => key.length === columns.length && key.every((k) => columns.includes(k)))
}

function forwardName(table: TableModel, fk: ForeignKeyModel, target: TableModel): string {
  if (fk.relationName) return fk.relationName
  if (fk.columns.length === 1) {
    const column = table.columns.find((c) => c.name === fk.columns[0])!
    const stripped = column.tsName.replace(/(Id|_id|ID)$/, '')
    return stripped === '' ? column.tsName : stripped
  }
  return camelCase(singular(target.tsName))
}

/** Every relation of the schema, by source table (SQL name), in a stable order. */
export function deriveRelations(model: SchemaModel): { relations: Map<string, RelationModel[]>; problems: RelationProblem[] } {
  const tables = new Map(model.tables.map((t) => [t.name, t]))
  const implicit = new Set(model.manyToMany.filter((m) => m.implicit).map((m) => m.through))
  const relations = new Map<string, RelationModel[]>(model.tables.map((t) => [t.name, []]))
  const add = (relation: RelationModel) => relations.get(relation.source)!.push(relation)

  for (const table of model.tables) {
    if (implicit.has(table.name)) continue // its links are the many-to-many relations
    for (const fk of table.foreignKeys) {
      const target = tables.get(fk.references.table)
      if (!target) continue
      const pairs = fk.columns.map((c, i) => [c, fk.references.columns[i]!] as const)
      const nullable = fk.columns.some((c) => table.columns.find((col) => col.name === c)?.nullable)
      add({
        name: forwardName(table, fk, target),
        kind: 'one',
        source: table.name,
        target: target.name,
        nullable,
        on: pairs,
        through: null,
        origin: { table: table.name, columns: fk.columns, option: 'name' },
      })
      const oneToOne = isUnique(table, fk.columns)
      add({
        name: fk.inverseName ?? (oneToOne ? camelCase(singular(table.tsName)) : table.tsName),
        kind: oneToOne ? 'one' : 'many',
        source: target.name,
        target: table.name,
        nullable: true,
        on: pairs.map(([from, to]) => [to, from] as const),
        through: null,
        origin: { table: table.name, columns: fk.columns, option: 'inverse' },
      })
    }
  }

  for (const link of model.manyToMany) {
    const join = tables.get(link.through)
    const left = tables.get(link.left)
    const right = tables.get(link.right)
    if (!join || !left || !right) continue
    const toLeft = join.foreignKeys.find((fk) => fk.references.table === left.name)
    const toRight = join.foreignKeys.find((fk) => fk.references.table === right.name && fk !== toLeft)
    if (!toLeft || !toRight) continue
    const sideOf = (fk: ForeignKeyModel) => fk.columns.map((c, i) => [fk.references.columns[i]!, c] as const)
    add({
      name: link.name ?? right.tsName,
      kind: 'manyToMany',
      source: left.name,
      target: right.name,
      nullable: false,
      on: [],
      through: { table: join.name, source: sideOf(toLeft), target: sideOf(toRight) },
      origin: { table: join.name, columns: toRight.columns, option: 'name' },
    })
    add({
      name: link.inverse ?? left.tsName,
      kind: 'manyToMany',
      source: right.name,
      target: left.name,
      nullable: false,
      on: [],
      through: { table: join.name, source: sideOf(toRight), target: sideOf(toLeft) },
      origin: { table: join.name, columns: toLeft.columns, option: 'inverse' },
    })
  }

  const problems: RelationProblem[] = []
  for (const [name, list] of relations) {
    const table = tables.get(name)!
    const columnNames = new Set(table.columns.map((c) => c.tsName))
    const seen = new Map<string, RelationModel>()
    const describe = (r: RelationModel) => {
      const origin = tables.get(r.origin.table)!
      const columns = r.origin.columns.map((c) => origin.columns.find((col) => col.name === c)?.tsName ?? c).join(', ')
      return r.kind === 'manyToMany' ? `manyToMany through ${origin.tsName}` : `${origin.tsName}.${columns}`
    }
    for (const relation of list) {
      const other = seen.get(relation.name)
      if (other) {
        problems.push({
          table,
          message: `two relations are named '${relation.name}': from ${describe(other)} and from ${describe(relation)}`,
          hint: `set { ${relation.origin.option}: '...' } on ${describe(relation)}${relation.kind === 'manyToMany' ? ' (in manyToMany options)' : "'s references()"} to name one of them`,
          relations: [other, relation],
        })
      } else if (columnNames.has(relation.name)) {
        problems.push({
          table,
          message: `the relation '${relation.name}' (from ${describe(relation)}) has the name of a column`,
          hint: `set { ${relation.origin.option}: '...' } on ${describe(relation)}${relation.kind === 'manyToMany' ? ' (in manyToMany options)' : "'s references()"}`,
          relations: [relation],
        })
      } else if (['AND', 'OR', 'NOT', '__proto__', 'constructor'].includes(relation.name) || !/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(relation.name)) {
        problems.push({ table, message: `'${relation.name}' cannot be a relation name`, hint: `set { ${relation.origin.option}: '...' } on ${describe(relation)}`, relations: [relation] })
      }
      seen.set(relation.name, relation)
    }
    list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }
  return { relations, problems }
}
