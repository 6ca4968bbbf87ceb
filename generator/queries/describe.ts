/**
 * Typed SQL files: ask PostgreSQL what each statement takes and returns. The schema's DDL
 * is applied to a throwaway database (on the configured server, else the embedded one),
 * every statement is prepared there and described (parameter types; result columns with
 * their type and, for a column taken from a table, that table and column), and the parse
 * tree says which columns are certainly not null (nullability.ts).
 *
 * A description holds no OIDs, which differ between databases: types are named (a type of
 * runtime/types.ts, an enum with its values, or unknown), so descriptions are cached by
 * content (statement text + DDL) and a run with nothing changed needs no database.
 */
import { join } from 'node:path'
import postgres from 'postgres'
import { loadModule, parseSync } from 'libpg-query'
import { pgTypeOfOid, type PgTypeName } from '../../runtime/types.js'
import type { ResolvedConfig } from '../config.js'
import type { Diagnostic } from '../diagnostics.js'
import { SourceCache } from '../load/source-cache.js'
import { withDatabase, withScratchDatabase, cliConnectTimeout } from '../migrate/server.js'
import { inferNotNull, type Catalog, type CatalogColumn } from './nullability.js'
import type { SqlFileQuery } from './sql-file.js'

/** A value's type, named: one of the runtime's types, an enum, or one dbridge does not know (read as text). */
export interface DescribedType {
  /** null: a type without a row in runtime/types.ts; its text is the value. */
  readonly pg: PgTypeName | null
  readonly dimensions: number
  /** An enum (its SQL name and values, in order). */
  readonly enum?: { readonly name: string; readonly values: readonly string[] }
}

export interface DescribedColumn {
  /** As PostgreSQL names it (an alias as written, `!` included). */
  readonly name: string
  readonly type: DescribedType
  readonly notNull: boolean
  /** The table column it is taken straight from, if any (SQL names): a json column's declared type applies. */
  readonly origin?: { readonly table: string; readonly column: string }
}

export interface QueryDescription {
  readonly parameters: readonly DescribedType[]
  readonly columns: readonly DescribedColumn[]
}

export interface DescribedQuery {
  readonly query: SqlFileQuery
  readonly description: QueryDescription
}

/** Bump when what a description holds, or how it is worked out, changes: cached ones then miss. */
const describerVersion = '2'

interface PgTypeInfo {
  oid: number
  typname: string
  typtype: string
  typelem: number
  typbasetype: number
  typcategory: string
}

/** What the describing connection learns of the database, once per run. */
class DatabaseFacts {
  private readonly types = new Map<number, PgTypeInfo>()
  private readonly enumValues = new Map<number, string[]>()
  private readonly columns = new Map<string, { table: string; column: string }>()

  constructor(private readonly sql: postgres.Sql) {}

  /** Loads the types (and enums) of these OIDs, their element and base types too. */
  async loadTypes(oids: readonly number[]): Promise<void> {
    let missing = [...new Set(oids)].filter((oid) => !this.types.has(oid) && !pgTypeOfOid(oid))
    while (missing.length > 0) {
      const rows = await this.sql.unsafe<PgTypeInfo[]>(
        'select oid::int, typname, typtype, typelem::int, typbasetype::int, typcategory from pg_type where oid = any($1::oid[])',
        [missing],
      )
      for (const row of rows) this.types.set(row.oid, row)
      const enums = rows.filter((row) => row.typtype === 'e').map((row) => row.oid)
      if (enums.length > 0) {
        const values = await this.sql.unsafe<{ enumtypid: number; enumlabel: string }[]>(
          'select enumtypid::int, enumlabel from pg_enum where enumtypid = any($1::oid[]) order by enumtypid, enumsortorder',
          [enums],
        )
        for (const value of values) {
          const list = this.enumValues.get(value.enumtypid) ?? []
          list.push(value.enumlabel)
          this.enumValues.set(value.enumtypid, list)
        }
      }
      const next = rows.flatMap((row) => [row.typelem, row.typbasetype]).filter((oid) => oid !== 0)
      missing = [...new Set(next)].filter((oid) => !this.types.has(oid) && !pgTypeOfOid(oid))
    }
  }

  /** The named type of an OID whose facts are loaded: a domain is its base type. */
  typeOf(oid: number, dimensions = 0): DescribedType {
    // The runtime's reading of the OID (its type table and aliases such as oid -> int4).
    const known = pgTypeOfOid(oid)
    if (known) return { pg: known.type, dimensions: dimensions + known.dimensions }
    const info = this.types.get(oid)
    if (!info) return { pg: null, dimensions }
    if (info.typtype === 'd') return this.typeOf(info.typbasetype, dimensions)
    if (info.typtype === 'e') return { pg: 'enum', dimensions, enum: { name: info.typname, values: this.enumValues.get(oid) ?? [] } }
    if (info.typcategory === 'A' && info.typelem !== 0) return this.typeOf(info.typelem, dimensions + 1)
    return { pg: null, dimensions }
  }

  async loadColumns(pairs: readonly { table: number; column: number }[]): Promise<void> {
    const wanted = pairs.filter((p) => p.table !== 0 && !this.columns.has(`${p.table}:${p.column}`))
    if (wanted.length === 0) return
    const rows = await this.sql.unsafe<{ attrelid: number; attnum: number; relname: string; attname: string }[]>(
      `select a.attrelid::int, a.attnum::int, c.relname, a.attname
         from pg_attribute a join pg_class c on c.oid = a.attrelid
        where (a.attrelid, a.attnum) in (select * from unnest($1::oid[], $2::int2[]))`,
      [wanted.map((p) => p.table), wanted.map((p) => p.column)],
    )
    for (const row of rows) this.columns.set(`${row.attrelid}:${row.attnum}`, { table: row.relname, column: row.attname })
  }

  originOf(table: number, column: number): { table: string; column: string } | undefined {
    return table === 0 ? undefined : this.columns.get(`${table}:${column}`)
  }

  /** Every table, view and materialized view with its columns, for the nullability analysis. */
  async catalog(): Promise<Catalog> {
    const rows = await this.sql.unsafe<{ nspname: string; relname: string; attname: string; attnotnull: boolean }[]>(
      `select n.nspname, c.relname, a.attname, a.attnotnull
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
         join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where c.relkind in ('r', 'v', 'm', 'p', 'f') and n.nspname not in ('information_schema', 'pg_toast')
        order by n.nspname, c.relname, a.attnum`,
    )
    const relations = new Map<string, CatalogColumn[]>()
    for (const row of rows) {
      const key = `${row.nspname}.${row.relname}`
      const list = relations.get(key) ?? []
      // A view's columns are never certain: PostgreSQL records no NOT NULL for them.
      list.push({ name: row.attname, notNull: row.attnotnull })
      relations.set(key, list)
    }
    return {
      relation: (schema, name) => relations.get(`${schema ?? 'public'}.${name}`) ?? (schema === undefined ? relations.get(`pg_catalog.${name}`) : undefined),
    }
  }
}

interface DriverColumn {
  name: string
  type: number
  table: number
  number: number
}

interface DriverDescription {
  types: number[]
  columns: DriverColumn[] | null
}

/** A position counted in characters, as PostgreSQL counts them, as an index into a JavaScript string (UTF-16 units). */
function utf16Index(text: string, characters: number): number {
  let index = 0
  for (let counted = 0; counted < characters && index < text.length; counted++) index += text.codePointAt(index)! > 0xffff ? 2 : 1
  return index
}

/** PostgreSQL's error position (1-based, in the text sent) as a position in the file. */
function rejection(query: SqlFileQuery, error: { message?: string; position?: string | number; hint?: string }): Diagnostic {
  const offset = Number(error.position)
  const position = Number.isFinite(offset) && offset > 0 ? query.locate(utf16Index(query.text, offset - 1)) : { line: query.line + 1, column: 1 }
  return {
    file: query.file,
    position,
    message: `query ${query.name}: PostgreSQL rejects it: ${error.message ?? String(error)}`,
    ...(error.hint ? { hint: error.hint } : /could not determine data type of parameter/.test(error.message ?? '') ? { hint: 'cast the parameter where PostgreSQL cannot tell its type: `:status?::author_status`, `:name::text`' } : {}),
  }
}

/** Describes one statement on the scratch database. */
async function describeOne(sql: postgres.Sql, facts: DatabaseFacts, catalog: () => Promise<Catalog>, query: SqlFileQuery): Promise<QueryDescription> {
  const described = (await sql.unsafe(query.text).describe()) as unknown as DriverDescription
  const columns = described.columns ?? []
  await facts.loadTypes([...described.types, ...columns.map((c) => c.type)])
  await facts.loadColumns(columns.map((c) => ({ table: c.table, column: c.number })))
  const tree = parseSync(query.text) as { stmts: { stmt: unknown }[] }
  const inferred = tree.stmts.length === 1 ? inferNotNull(tree.stmts[0]!.stmt, await catalog()) : undefined
  const certain = inferred && inferred.length === columns.length ? inferred : columns.map(() => false)
  return {
    parameters: described.types.map((oid) => facts.typeOf(oid)),
    columns: columns.map((column, i) => {
      const origin = facts.originOf(column.table, column.number)
      return {
        name: column.name,
        type: facts.typeOf(column.type),
        notNull: certain[i]! || column.name.endsWith('!'),
        ...(origin ? { origin } : {}),
      }
    }),
  }
}

export interface DescribeResult {
  readonly described: DescribedQuery[]
  readonly diagnostics: Diagnostic[]
  /** How many statements needed the database (the others came from the cache). */
  readonly fromDatabase: number
}

function openDescriptionCache(root: string): SourceCache {
  return new SourceCache(join(root, 'node_modules/.cache/dbridge/query-descriptions.json'))
}

/**
 * Describes every statement: from the cache when its text and the schema's DDL are
 * unchanged, else on a throwaway database holding `ddl`.
 */
export async function describeQueries(config: ResolvedConfig, queries: readonly SqlFileQuery[], ddl: string): Promise<DescribeResult> {
  const cache = openDescriptionCache(config.root)
  const keyOf = (query: SqlFileQuery) => cache.key('query-description', describerVersion, ddl, query.text)
  const found = new Map<SqlFileQuery, QueryDescription>()
  for (const query of queries) {
    const cached = cache.get(keyOf(query)) as QueryDescription | undefined
    if (cached) found.set(query, cached)
  }
  const missing = queries.filter((query) => !found.has(query))
  const diagnostics: Diagnostic[] = []
  if (missing.length > 0) {
    await loadModule()
    await withDatabase(config, (serverUrl) =>
      withScratchDatabase(serverUrl, async (_db, url) => {
        const sql = postgres(url, { max: 1, onnotice: () => undefined, connect_timeout: cliConnectTimeout / 1000, prepare: false })
        try {
          await sql.unsafe(ddl)
          const facts = new DatabaseFacts(sql)
          let catalog: Catalog | undefined
          const catalogOnce = async () => (catalog ??= await facts.catalog())
          for (const query of missing) {
            try {
              const description = await describeOne(sql, facts, catalogOnce, query)
              found.set(query, description)
              cache.set(keyOf(query), description)
            } catch (error) {
              if (!(error instanceof Error) || (error as { name?: string }).name !== 'PostgresError') throw error
              diagnostics.push(rejection(query, error as Error & { position?: string; hint?: string }))
            }
          }
        } finally {
          await sql.end({ timeout: 5 })
        }
      }),
    )
  }
  cache.save()
  const described = queries.flatMap((query) => {
    const description = found.get(query)
    return description ? [{ query, description }] : []
  })
  return { described, diagnostics, fromDatabase: missing.length }
}
