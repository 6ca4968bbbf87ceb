/**
 * Introspection: a live database's `public` schema (pg_catalog) -> the schema model the
 * generator builds from schema files. Expressions (defaults, checks, index predicates) are
 * as PostgreSQL prints them, so two models introspected from PostgreSQL compare exactly.
 */
import type { ColumnTypeName, IndexMethod, ReferentialAction } from '../../schema/dsl.js'
import {
  MODEL_VERSION,
  freezeDeep,
  type CheckModel,
  type ColumnModel,
  type ColumnType,
  type EnumModel,
  type ForeignKeyModel,
  type IndexModel,
  type SchemaModel,
  type TableModel,
  type UniqueModel,
} from '../../schema/model.js'
import { camelCase, pascalCase, rowTypeName } from '../../schema/naming.js'
import { columnTypeOfPg, isSerialType, serialOf } from '../../schema/column-types.js'
import type { RawDb } from '../../runtime/index.js'
import { UserError } from '../diagnostics.js'

/** The table that records applied migrations; never part of the model. */
export const migrationsTable = 'dbridge_migrations'


const actions: Record<string, ReferentialAction> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' }

const emptyValidators = { min: null, max: null, minLength: null, maxLength: null, email: false, url: false, regex: null }

interface ColumnRow {
  table: string
  column: string
  notnull: boolean
  typname: string
  typtype: string
  elemname: string | null
  elemtype: string | null
  typmod: number
  ndims: number
  default: string | null
  identity: string
  generated: string
}

interface ConstraintRow {
  table: string
  name: string
  type: 'p' | 'u' | 'f' | 'c'
  columns: string[]
  ref_table: string | null
  ref_columns: string[] | null
  on_delete: string
  on_update: string
  definition: string
}

interface IndexRow {
  table: string
  name: string
  unique: boolean
  method: string
  predicate: string | null
  columns: (string | null)[]
  /** Per key, the expression of an expression key (null for a column). */
  expressions: (string | null)[]
  descending: boolean[]
}

function columnType(row: ColumnRow): ColumnType {
  const array = row.elemname !== null
  const name = array ? row.elemname! : row.typname
  const kind = array ? row.elemtype : row.typtype
  const typmod = row.typmod
  let base: ColumnTypeName | undefined = kind === 'e' ? 'enum' : columnTypeOfPg[name]
  if (!base) {
    throw new UserError(
      `table "${row.table}", column "${row.column}" has type ${name}, which dbridge does not model; ` +
        'change the column to a supported type, or keep the table out of dbridge-managed migrations',
    )
  }
  let length: number | null = null
  let precision: number | null = null
  let scale: number | null = null
  if ((base === 'varchar' || base === 'char') && typmod >= 4) length = typmod - 4
  if (base === 'numeric' && typmod >= 4) {
    precision = ((typmod - 4) >> 16) & 0xffff
    scale = (typmod - 4) & 0xffff
  }
  // serial is an integer whose default takes the next value of the sequence it owns.
  const serialSequence = new RegExp(`^nextval\\('("?)${escapeRegExp(`${row.table}_${row.column}_seq`)}\\1'::regclass\\)$`)
  if (!array && row.default && serialSequence.test(row.default)) {
    base = serialOf(base) ?? base
  }
  return {
    name: base,
    length,
    precision,
    scale,
    enumName: base === 'enum' ? name : null,
    dimensions: array ? Math.max(1, row.ndims) : 0,
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Reads the model of the `public` schema. */
export async function introspect(db: RawDb): Promise<SchemaModel> {
  const [enumRows, columnRows, constraintRows, indexRows, extensionRows] = await Promise.all([
    db.sql<{ name: string; values: string[] }>`
      select t.typname::text as name, array_agg(e.enumlabel::text order by e.enumsortorder)::text[] as values
      from pg_type t join pg_enum e on e.enumtypid = t.oid join pg_namespace n on n.oid = t.typnamespace
      where n.nspname = 'public'
      group by t.typname order by t.typname`,
    db.sql<ColumnRow>`
      select c.relname::text as table, a.attname::text as column, a.attnotnull as notnull,
        t.typname::text as typname, t.typtype::text as typtype, et.typname::text as elemname, et.typtype::text as elemtype,
        a.atttypmod as typmod, a.attndims as ndims, pg_get_expr(d.adbin, d.adrelid) as default,
        a.attidentity::text as identity, a.attgenerated::text as generated
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      join pg_type t on t.oid = a.atttypid
      left join pg_type et on et.oid = t.typelem and t.typcategory = 'A'
      left join pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
      where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> ${migrationsTable}
      order by c.relname, a.attnum`,
    db.sql<ConstraintRow>`
      select c.relname::text as table, con.conname::text as name, con.contype::text as type,
        (select array_agg(a.attname::text order by k.ord) from unnest(con.conkey) with ordinality k(attnum, ord)
          join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum)::text[] as columns,
        fc.relname::text as ref_table,
        (select array_agg(a.attname::text order by k.ord) from unnest(con.confkey) with ordinality k(attnum, ord)
          join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum)::text[] as ref_columns,
        con.confdeltype::text as on_delete, con.confupdtype::text as on_update,
        pg_get_constraintdef(con.oid) as definition
      from pg_constraint con
      join pg_class c on c.oid = con.conrelid
      join pg_namespace n on n.oid = c.relnamespace
      left join pg_class fc on fc.oid = con.confrelid
      where n.nspname = 'public' and con.contype in ('p', 'u', 'f', 'c') and c.relname <> ${migrationsTable}
      order by c.relname, con.conname`,
    db.sql<IndexRow>`
      select t.relname::text as table, i.relname::text as name, ix.indisunique as unique, am.amname::text as method,
        pg_get_expr(ix.indpred, ix.indrelid) as predicate,
        (select array_agg(a.attname::text order by k.ord) from unnest(ix.indkey::int2[]) with ordinality k(attnum, ord)
          left join pg_attribute a on a.attrelid = ix.indrelid and a.attnum = k.attnum)::text[] as columns,
        (select array_agg(case when k.attnum = 0 then pg_get_indexdef(ix.indexrelid, k.ord::int, true) end order by k.ord)
          from unnest(ix.indkey::int2[]) with ordinality k(attnum, ord))::text[] as expressions,
        (select array_agg((o.opt & 1) = 1 order by o.ord) from unnest(ix.indoption::int2[]) with ordinality o(opt, ord)) as descending
      from pg_index ix
      join pg_class i on i.oid = ix.indexrelid
      join pg_class t on t.oid = ix.indrelid
      join pg_namespace n on n.oid = t.relnamespace
      join pg_am am on am.oid = i.relam
      where n.nspname = 'public' and t.relname <> ${migrationsTable}
        and not exists (select 1 from pg_constraint c where c.conindid = ix.indexrelid and c.contype in ('p', 'u', 'x'))
      order by t.relname, i.relname`,
    db.sql<{ name: string }>`select extname::text as name from pg_extension where extname <> 'plpgsql' order by extname`,
  ])

  const enums: EnumModel[] = enumRows.map((row) => ({
    kind: 'enum',
    name: row.name,
    tsName: pascalCase(row.name),
    values: row.values,
    source: null,
  }))

  const tables = new Map<string, { columns: ColumnModel[]; primaryKey: TableModel['primaryKey']; uniques: UniqueModel[]; foreignKeys: ForeignKeyModel[]; checks: CheckModel[]; indexes: IndexModel[] }>()
  const tableOf = (name: string) => {
    let table = tables.get(name)
    if (!table) tables.set(name, (table = { columns: [], primaryKey: null, uniques: [], foreignKeys: [], checks: [], indexes: [] }))
    return table
  }
  for (const row of columnRows) {
    if (row.identity || row.generated) {
      throw new UserError(
        `table "${row.table}", column "${row.column}" is ${row.identity ? 'an identity' : 'a generated'} column, which dbridge does not model yet`,
      )
    }
    const type = columnType(row)
    const serial = isSerialType(type.name)
    tableOf(row.table).columns.push({
      kind: 'column',
      name: row.column,
      tsName: camelCase(row.column),
      type,
      nullable: !row.notnull,
      default: serial ? null : row.default,
      validators: emptyValidators,
      tsType: null,
      tsTypeImports: [],
    })
  }
  for (const row of constraintRows) {
    const table = tableOf(row.table)
    switch (row.type) {
      case 'p':
        table.primaryKey = { name: row.name, columns: row.columns }
        break
      case 'u':
        table.uniques.push({ name: row.name, columns: row.columns })
        break
      case 'f':
        table.foreignKeys.push({
          name: row.name,
          columns: row.columns,
          references: { table: row.ref_table!, columns: row.ref_columns! },
          onDelete: actions[row.on_delete] ?? 'no action',
          onUpdate: actions[row.on_update] ?? 'no action',
          relationName: null,
          inverseName: null,
        })
        break
      case 'c': {
        // `CHECK ((number > 0))` -> `(number > 0)`; NOT VALID and NO INHERIT are not modelled.
        const expression = row.definition.replace(/^CHECK \(/, '').replace(/\)( NOT VALID| NO INHERIT)*$/, '')
        table.checks.push({ name: row.name, expression })
        break
      }
    }
  }
  for (const row of indexRows) {
    tableOf(row.table).indexes.push({
      name: row.name,
      columns: row.columns.map((name, i) =>
        name !== null ? { name, desc: row.descending[i] === true } : { expression: row.expressions[i]!, desc: row.descending[i] === true },
      ),
      unique: row.unique,
      where: row.predicate,
      using: row.method as IndexMethod,
    })
  }

  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  const models: TableModel[] = [...tables].map(([name, t]) => {
    const tsName = camelCase(name)
    return {
      kind: 'table',
      name,
      tsName,
      typeName: rowTypeName(tsName),
      columns: t.columns,
      primaryKey: t.primaryKey,
      uniques: t.uniques.sort(byName),
      foreignKeys: t.foreignKeys.sort(byName),
      indexes: t.indexes.sort(byName),
      checks: t.checks.sort(byName),
      source: null,
    }
  })
  return freezeDeep({
    version: MODEL_VERSION,
    casing: 'snake_case',
    extensions: extensionRows.map((r) => r.name),
    enums,
    tables: models.sort(byName),
    manyToMany: [],
  })
}
