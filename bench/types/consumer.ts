/**
 * The consumer: 50 typical queries, the same 50 for each client, each written the way that
 * client's documentation writes it. Every query uses its result (a property of a row, of a
 * nested row), because that is what makes the compiler resolve the result type.
 *
 * The plan (which query on which table) is shared; one renderer per client turns it into
 * source. `queries: 0` gives the "empty consumer": the client imported and created, no
 * query, which is the baseline for instantiations per query.
 */
import { hasIntegerKey, type TableSpec } from './synthetic.js'

export type QueryKind =
  | 'findById'
  | 'findFirst'
  | 'findManyFiltered'
  | 'selectColumns'
  | 'insert'
  | 'update'
  | 'delete'
  | 'count'
  | 'withOneLevel'
  | 'withTwoLevels'

const kinds: QueryKind[] = ['findById', 'findFirst', 'findManyFiltered', 'selectColumns', 'insert', 'update', 'delete', 'count', 'withOneLevel', 'withTwoLevels']

export const queryCount = 50

export interface PlannedQuery {
  kind: QueryKind
  table: TableSpec
  /** withOneLevel / withTwoLevels: a table whose parentId points at `table`. */
  child?: TableSpec
  /** withTwoLevels: a table whose parentId points at `child`. */
  grandchild?: TableSpec
}

/**
 * Which table each query runs on. Nested queries need a table with a parent (and a
 * grandparent) and children (and grandchildren): table i's children via parentId are 2i and
 * 2i + 1, so the ranges below keep every relation inside the schema.
 */
export function planQueries(specs: TableSpec[], count = queryCount): PlannedQuery[] {
  const n = specs.length
  if (n < 12) throw new Error('the consumer needs at least 12 tables')
  const plan: PlannedQuery[] = []
  for (let q = 0; q < count; q++) {
    const kind = kinds[q % kinds.length]!
    const round = Math.floor(q / kinds.length)
    const [lo, hi] = kind === 'withTwoLevels' ? [2, Math.floor((n - 1) / 4)] : kind === 'withOneLevel' ? [1, Math.floor((n - 1) / 2)] : [1, n - 1]
    // Spread the queries over the range, so they touch many different tables.
    const i = lo + ((round * 37 + q * 11) % (hi - lo + 1))
    const query: PlannedQuery = { kind, table: specs[i]! }
    if (kind === 'withOneLevel' || kind === 'withTwoLevels') query.child = specs[2 * i]!
    if (kind === 'withTwoLevels') query.grandchild = specs[4 * i]!
    plan.push(query)
  }
  return plan
}

/** A key literal of the table's primary key type. */
const key = (spec: TableSpec, value = 1) => (hasIntegerKey(spec.index) ? String(value) : `${value}n`)

/** The foreign key value for a new row of `spec` (every planned table has a parent). */
const parentKey = (spec: TableSpec) => key({ ...spec, index: Math.floor(spec.index / 2) })

function dbridgeQuery({ kind, table: x, child: c, grandchild: g }: PlannedQuery): string {
  const t = `db.${x.exportName}`
  switch (kind) {
    case 'findById':
      return `const row = await ${t}.findById(${key(x)})\n  return row?.name`
    case 'findFirst':
      return `const row = await ${t}.findOne({ where: { name: { startsWith: 'a' }, quantity: { gt: 3 } }, orderBy: [{ createdAt: 'desc' }] })\n  return row?.slug`
    case 'findManyFiltered':
      return `const rows = await ${t}.findMany({
    where: { isActive: true, OR: [{ quantity: { lt: 10 } }, { description: null }] },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    limit: 20,
    offset: 40,
  })
  return rows.map((r) => r.createdAt.getTime())`
    case 'selectColumns':
      return `const rows = await ${t}.findMany({ where: { quantity: { gte: 1 } }, select: ['id', 'name', 'createdAt'], orderBy: [{ name: 'asc' }], limit: 50 })
  return rows.map((r) => \`\${r.id}:\${r.name}\`)`
    case 'insert':
      return `const row = await ${t}.insert({ name: 'new', slug: 'new-${x.index}', parentId: ${parentKey(x)}, description: null })\n  return row.id`
    case 'update':
      return `const rows = await ${t}.update({ where: { id: ${key(x)} }, set: { name: 'renamed', quantity: { increment: 1 }, updatedAt: new Date() } })\n  return rows[0]?.quantity`
    case 'delete':
      return `return ${t}.delete({ where: { isActive: false, createdAt: { lt: new Date('2020-01-01') } } })`
    case 'count':
      return `return ${t}.count({ where: { name: { contains: 'x' }, updatedAt: { isNull: false } } })`
    case 'withOneLevel':
      return `const rows = await ${t}.findMany({
    where: { isActive: true },
    with: { parent: true, ${c!.exportName}: { orderBy: [{ createdAt: 'desc' }], limit: 5 } },
    limit: 10,
  })
  return rows.map((r) => [r.parent.name, r.${c!.exportName}.length, r.${c!.exportName}[0]?.slug])`
    case 'withTwoLevels':
      return `const row = await ${t}.findById(${key(x)}, {
    with: {
      parent: { with: { parent: { select: ['id', 'name'] } } },
      ${c!.exportName}: { where: { quantity: { gt: 0 } }, with: { ${g!.exportName}: { select: ['id', 'slug'], limit: 3 } } },
    },
  })
  return row && [row.parent.parent.name, row.${c!.exportName}[0]?.${g!.exportName}[0]?.slug]`
  }
}

function prismaQuery({ kind, table: x, child: c, grandchild: g }: PlannedQuery): string {
  const t = `prisma.${x.modelProperty}`
  switch (kind) {
    case 'findById':
      return `const row = await ${t}.findUnique({ where: { id: ${key(x)} } })\n  return row?.name`
    case 'findFirst':
      return `const row = await ${t}.findFirst({ where: { name: { startsWith: 'a' }, quantity: { gt: 3 } }, orderBy: { createdAt: 'desc' } })\n  return row?.slug`
    case 'findManyFiltered':
      return `const rows = await ${t}.findMany({
    where: { isActive: true, OR: [{ quantity: { lt: 10 } }, { description: null }] },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take: 20,
    skip: 40,
  })
  return rows.map((r) => r.createdAt.getTime())`
    case 'selectColumns':
      return `const rows = await ${t}.findMany({ where: { quantity: { gte: 1 } }, select: { id: true, name: true, createdAt: true }, orderBy: { name: 'asc' }, take: 50 })
  return rows.map((r) => \`\${r.id}:\${r.name}\`)`
    case 'insert':
      return `const row = await ${t}.create({ data: { name: 'new', slug: 'new-${x.index}', parentId: ${parentKey(x)}, description: null } })\n  return row.id`
    case 'update':
      return `const row = await ${t}.update({ where: { id: ${key(x)} }, data: { name: 'renamed', quantity: { increment: 1 }, updatedAt: new Date() } })\n  return row.quantity`
    case 'delete':
      return `const { count } = await ${t}.deleteMany({ where: { isActive: false, createdAt: { lt: new Date('2020-01-01') } } })\n  return count`
    case 'count':
      return `return ${t}.count({ where: { name: { contains: 'x' }, updatedAt: { not: null } } })`
    case 'withOneLevel':
      return `const rows = await ${t}.findMany({
    where: { isActive: true },
    include: { parent: true, ${c!.exportName}: { orderBy: { createdAt: 'desc' }, take: 5 } },
    take: 10,
  })
  return rows.map((r) => [r.parent.name, r.${c!.exportName}.length, r.${c!.exportName}[0]?.slug])`
    case 'withTwoLevels':
      return `const row = await ${t}.findUnique({
    where: { id: ${key(x)} },
    include: {
      parent: { include: { parent: { select: { id: true, name: true } } } },
      ${c!.exportName}: { where: { quantity: { gt: 0 } }, include: { ${g!.exportName}: { select: { id: true, slug: true }, take: 3 } } },
    },
  })
  return row && [row.parent.parent.name, row.${c!.exportName}[0]?.${g!.exportName}[0]?.slug]`
  }
}

function drizzleQuery({ kind, table: x, child: c, grandchild: g }: PlannedQuery): string {
  const t = x.exportName
  const q = `db.query.${t}`
  switch (kind) {
    case 'findById':
      return `const row = await ${q}.findFirst({ where: eq(${t}.id, ${key(x)}) })\n  return row?.name`
    case 'findFirst':
      return `const row = await ${q}.findFirst({
    where: (x, { and, like, gt }) => and(like(x.name, 'a%'), gt(x.quantity, 3)),
    orderBy: (x, { desc }) => [desc(x.createdAt)],
  })
  return row?.slug`
    case 'findManyFiltered':
      return `const rows = await ${q}.findMany({
    where: (x, { and, eq, or, lt, isNull }) => and(eq(x.isActive, true), or(lt(x.quantity, 10), isNull(x.description))),
    orderBy: (x, { asc, desc }) => [desc(x.createdAt), asc(x.id)],
    limit: 20,
    offset: 40,
  })
  return rows.map((r) => r.createdAt.getTime())`
    case 'selectColumns':
      return `const rows = await db.select({ id: ${t}.id, name: ${t}.name, createdAt: ${t}.createdAt }).from(${t}).where(gte(${t}.quantity, 1)).orderBy(asc(${t}.name)).limit(50)
  return rows.map((r) => \`\${r.id}:\${r.name}\`)`
    case 'insert':
      return `const [row] = await db.insert(${t}).values({ name: 'new', slug: 'new-${x.index}', parentId: ${parentKey(x)}, description: null }).returning()\n  return row?.id`
    case 'update':
      return `const rows = await db.update(${t}).set({ name: 'renamed', quantity: sql\`\${${t}.quantity} + 1\`, updatedAt: new Date() }).where(eq(${t}.id, ${key(x)})).returning()
  return rows[0]?.quantity`
    case 'delete':
      return `const rows = await db.delete(${t}).where(and(eq(${t}.isActive, false), lt(${t}.createdAt, new Date('2020-01-01')))).returning({ id: ${t}.id })
  return rows.length`
    case 'count':
      return `return db.$count(${t}, and(like(${t}.name, '%x%'), isNotNull(${t}.updatedAt)))`
    case 'withOneLevel':
      return `const rows = await ${q}.findMany({
    where: (x, { eq }) => eq(x.isActive, true),
    with: { parent: true, ${c!.exportName}: { orderBy: (c, { desc }) => [desc(c.createdAt)], limit: 5 } },
    limit: 10,
  })
  return rows.map((r) => [r.parent.name, r.${c!.exportName}.length, r.${c!.exportName}[0]?.slug])`
    case 'withTwoLevels':
      return `const row = await ${q}.findFirst({
    where: (x, { eq }) => eq(x.id, ${key(x)}),
    with: {
      parent: { with: { parent: { columns: { id: true, name: true } } } },
      ${c!.exportName}: { where: (c, { gt }) => gt(c.quantity, 0), with: { ${g!.exportName}: { columns: { id: true, slug: true }, limit: 3 } } },
    },
  })
  return row && [row.parent.parent.name, row.${c!.exportName}[0]?.${g!.exportName}[0]?.slug]`
  }
}

function functions(plan: PlannedQuery[], render: (q: PlannedQuery) => string): string[] {
  return plan.map((query, n) => `/** ${query.kind} on ${query.table.sqlName} */\nexport async function q${String(n + 1).padStart(2, '0')}() {\n  ${render(query)}\n}\n`)
}

/** consumer.ts of the dbridge project (imports the generated client from ./generated). */
export function dbridgeConsumer(plan: PlannedQuery[]): string {
  return [`import { createDb } from './generated/index.js'`, '', `export const db = createDb({ url: process.env.DATABASE_URL })`, '', ...functions(plan, dbridgeQuery)].join('\n')
}

/** consumer.ts of the Prisma project (imports the client `prisma generate` wrote to ./generated/prisma). */
export function prismaConsumer(plan: PlannedQuery[]): string {
  return [
    `import { PrismaPg } from '@prisma/adapter-pg'`,
    `import { PrismaClient } from './generated/prisma/client.js'`,
    '',
    `export const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) })`,
    '',
    ...functions(plan, prismaQuery),
  ].join('\n')
}

/** consumer.ts of the Drizzle project (imports `db` and the tables). */
export function drizzleConsumer(plan: PlannedQuery[]): string {
  const tables = [...new Set(plan.map((q) => q.table.exportName))].sort()
  const lines = [`import { db } from './db.js'`]
  if (plan.length > 0) {
    lines.push(`import { and, asc, eq, gte, isNotNull, like, lt, sql } from 'drizzle-orm'`, `import { ${tables.join(', ')} } from './schema/index.js'`)
  } else {
    lines.push('', 'export const client = db')
  }
  return [...lines, '', ...functions(plan, drizzleQuery)].join('\n')
}
