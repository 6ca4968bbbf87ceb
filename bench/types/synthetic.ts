/**
 * The synthetic schema the type-cost benchmark compares clients on: N tables with the
 * columns an application typically has, and foreign keys to one or two earlier tables.
 * One model, emitted three ways (emit-dbridge.ts, emit-drizzle.ts, emit-prisma.ts), so
 * the three projects describe exactly the same database.
 *
 * Everything is derived from the table index, so a size always produces the same schema.
 */

export type ColumnKind =
  | 'serial'
  | 'bigserial'
  | 'integer'
  | 'bigint'
  | 'text'
  | 'varchar'
  | 'numeric'
  | 'double'
  | 'boolean'
  | 'timestamptz'
  | 'date'
  | 'enum'
  | 'textArray'
  | 'jsonb'

export interface ColumnSpec {
  /** The TypeScript (camelCase) name; the SQL name is its snake_case. */
  name: string
  kind: ColumnKind
  nullable: boolean
  primaryKey?: boolean
  unique?: boolean
  /** A column default, in a form each emitter translates (`now` for timestamps). */
  default?: string | number | boolean | 'now' | 'emptyArray'
  enumName?: EnumName
  references?: { table: number; onDelete: 'cascade' | 'set null' }
}

export interface TableSpec {
  index: number
  /** Export name in the dbridge and Drizzle projects (`t042Invoices`). */
  exportName: string
  /** SQL name (`t042_invoices`). */
  sqlName: string
  /** Prisma model name, the row type's name in dbridge too (`T042Invoice`). */
  modelName: string
  /** The Prisma client property (`t042Invoice`). */
  modelProperty: string
  columns: ColumnSpec[]
  /** Tables whose `parentId` or `previousId` points here: the one-to-many relations. */
  children: { table: number; via: 'parentId' | 'previousId' }[]
}

export type EnumName = 'status' | 'priority'

export const enums: Record<EnumName, readonly string[]> = {
  status: ['draft', 'live', 'archived'],
  priority: ['low', 'normal', 'high', 'urgent'],
}

// Regular plurals only, so every naming scheme (dbridge's singular, Prisma's model names)
// agrees on the singular without special cases.
const nouns = [
  'accounts', 'invoices', 'orders', 'products', 'customers', 'shipments', 'payments', 'tickets',
  'projects', 'tasks', 'comments', 'reviews', 'documents', 'events', 'members', 'teams',
  'vendors', 'contracts', 'messages', 'reports', 'budgets', 'assets', 'licenses', 'channels',
]

/** How many tables share one schema file (dbridge and Drizzle); the 200-table project has 20 files. */
export const tablesPerFile = 10

/** The table one table references through `parentId` (every table but the first has one). */
export function parentOf(i: number): number {
  return Math.floor(i / 2)
}

/** A second, nullable foreign key on every third table, to the table just before it. */
export function previousOf(i: number): number | undefined {
  return i >= 3 && i % 3 === 0 ? i - 1 : undefined
}

/** Integer keys on every fourth table, bigint keys elsewhere, so both key types are exercised. */
export function hasIntegerKey(i: number): boolean {
  return i % 4 === 0
}

export function tableNames(i: number): Pick<TableSpec, 'exportName' | 'sqlName' | 'modelName' | 'modelProperty'> {
  const noun = nouns[i % nouns.length]!
  const prefix = `t${String(i).padStart(3, '0')}`
  const singular = noun.slice(0, -1)
  return {
    exportName: prefix + noun[0]!.toUpperCase() + noun.slice(1),
    sqlName: `${prefix}_${noun}`,
    modelName: prefix.toUpperCase() + singular[0]!.toUpperCase() + singular.slice(1),
    modelProperty: prefix + singular[0]!.toUpperCase() + singular.slice(1),
  }
}

function foreignKey(name: string, target: number, nullable: boolean): ColumnSpec {
  return {
    name,
    kind: hasIntegerKey(target) ? 'integer' : 'bigint',
    nullable,
    references: { table: target, onDelete: nullable ? 'set null' : 'cascade' },
  }
}

function columnsOf(i: number): ColumnSpec[] {
  const columns: ColumnSpec[] = [{ name: 'id', kind: hasIntegerKey(i) ? 'serial' : 'bigserial', nullable: false, primaryKey: true }]
  if (i > 0) columns.push(foreignKey('parentId', parentOf(i), false))
  const previous = previousOf(i)
  if (previous !== undefined) columns.push(foreignKey('previousId', previous, true))
  // Every table has these, so the consumer's queries can use them on any table.
  columns.push(
    { name: 'name', kind: 'text', nullable: false },
    { name: 'slug', kind: 'varchar', nullable: false, unique: true },
    { name: 'description', kind: 'text', nullable: true },
    { name: 'quantity', kind: 'integer', nullable: false, default: 0 },
    { name: 'isActive', kind: 'boolean', nullable: false, default: true },
  )
  // The rest varies from table to table, as real tables do.
  if (i % 2 === 0) columns.push({ name: 'price', kind: 'numeric', nullable: false, default: '0' })
  if (i % 3 === 1) columns.push({ name: 'score', kind: 'double', nullable: true })
  if (i % 4 === 1) columns.push({ name: 'status', kind: 'enum', enumName: 'status', nullable: false, default: 'draft' })
  if (i % 7 === 3) columns.push({ name: 'priority', kind: 'enum', enumName: 'priority', nullable: true })
  if (i % 5 === 2) columns.push({ name: 'tags', kind: 'textArray', nullable: false, default: 'emptyArray' })
  if (i % 6 === 5) columns.push({ name: 'attributes', kind: 'jsonb', nullable: true })
  if (i % 3 === 2) columns.push({ name: 'publishedOn', kind: 'date', nullable: true })
  columns.push(
    { name: 'createdAt', kind: 'timestamptz', nullable: false, default: 'now' },
    { name: 'updatedAt', kind: 'timestamptz', nullable: true },
  )
  return columns
}

export function syntheticSchema(tables: number): TableSpec[] {
  const specs: TableSpec[] = []
  for (let i = 0; i < tables; i++) specs.push({ index: i, ...tableNames(i), columns: columnsOf(i), children: [] })
  for (const spec of specs) {
    for (const column of spec.columns) {
      if (column.references) specs[column.references.table]!.children.push({ table: spec.index, via: column.name as 'parentId' | 'previousId' })
    }
  }
  return specs
}

/** snake_case of a camelCase name, as dbridge's default casing writes it. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())
}

/** Which schema file a table lives in (dbridge and Drizzle). */
export function fileOf(i: number): number {
  return Math.floor(i / tablesPerFile)
}

export function fileName(file: number): string {
  return `part${String(file).padStart(3, '0')}`
}

/** The enums a table uses. */
export function enumsOf(spec: TableSpec): EnumName[] {
  return [...new Set(spec.columns.flatMap((c) => (c.enumName ? [c.enumName] : [])))]
}
