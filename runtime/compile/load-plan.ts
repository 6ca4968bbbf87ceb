/**
 * What `load` sends: the relations of rows already in hand, checked up front (planLoad), and
 * per relation and level one statement (`unnest` of the parents' keys and LATERAL, so that
 * per-parent limits hold).
 */
import type { ColumnMeta, RelationSpec, TableMeta } from '../meta.js'
import { Issues, emptyOwn, joinPath, ownCopy, type Own } from '../input.js'
import { quoteIdent } from '../sql.js'
import type { Statement } from '../query.js'
import { encodeArray } from '../types.js'
import { Params, type BuildContext } from './context.js'
import { keyColumn } from './joins.js'
import { compileOrderBy } from './order.js'
import { compilePaging, selectedColumns } from './select.js'
import { compileRelationFilter, relationOf, relationOptions, relationWhere, tooDeep } from './relations.js'

export function sourceKeys(relation: RelationSpec): string[] {
  return relation.kind === 'manyToMany' ? relation.through!.source.map(([key]) => key) : relation.on!.map(([key]) => key)
}

/** One relation of a `load`, checked up front. */
export interface LoadStep {
  readonly name: string
  readonly relation: RelationSpec
  readonly target: TableMeta
  readonly options: Own
  /** Columns fetched: the selected ones plus the keys nested steps need. */
  readonly columns: readonly ColumnMeta[]
  /** Columns the caller sees. */
  readonly visible: readonly ColumnMeta[]
  readonly nested: readonly LoadStep[]
  /** `_count` of the relation (`load(rows, { _count: { books: true } })`) instead of its rows. */
  readonly count?: boolean
}

/** Checks a `load` spec, so that bad input fails before any statement. */
export function planLoad(meta: TableMeta, given: unknown, issues: Issues, path: string, depth = 0): LoadStep[] {
  const spec = ownCopy(issues, given, path || 'relations', 'an object of relations')
  if (!spec || tooDeep(issues, path, depth)) return []
  const steps: LoadStep[] = []
  for (const name of Object.keys(spec)) {
    const relPath = joinPath(path, name)
    if (name === '_count' && !Object.hasOwn(meta.relations, name)) {
      steps.push(...planCounts(meta, spec[name], issues, relPath))
      continue
    }
    const relation = relationOf(meta, name, issues, relPath)
    if (!relation) continue
    const parts = relationOptions(issues, spec[name], relation.kind === 'one', relPath)
    if (!parts) continue
    const target = relation.target()
    const visible = selectedColumns(target, parts.select, issues, joinPath(relPath, 'select')) ?? target.columns
    const nested = parts.with === undefined ? [] : planLoad(target, parts.with, issues, joinPath(relPath, 'with'), depth + 1)
    const needed = new Set(nested.flatMap((step) => sourceKeys(step.relation)))
    const columns = target.columns.filter((c) => visible.includes(c) || needed.has(c.key))
    steps.push({ name, relation, target, options: parts, columns, visible, nested })
  }
  return steps
}

/** The steps of `_count` in a `load`: one per counted (to-many) relation. */
function planCounts(meta: TableMeta, given: unknown, issues: Issues, path: string): LoadStep[] {
  const spec = ownCopy(issues, given, path, 'an object of relations to count, like { books: true }')
  if (!spec) return []
  if (Object.keys(spec).length === 0) issues.add(path, 'is empty; name at least one relation to count')
  const steps: LoadStep[] = []
  for (const name of Object.keys(spec)) {
    const relPath = joinPath(path, name)
    const relation = relationOf(meta, name, issues, relPath)
    if (!relation) continue
    if (relation.kind === 'one') {
      issues.add(relPath, 'is a to-one relation; only to-many relations are counted')
      continue
    }
    const options = spec[name] === true ? emptyOwn() : ownCopy(issues, spec[name], relPath, 'true, or { where }')
    if (!options) continue
    for (const key of Object.keys(options)) if (key !== 'where') issues.add(joinPath(relPath, key), 'unknown option; expected where')
    if (Object.hasOwn(options, 'where') && options.where === undefined) issues.add(joinPath(relPath, 'where'), 'is undefined; leave the key out instead')
    steps.push({ name, relation, target: relation.target(), options, columns: [], visible: [], nested: [], count: true })
  }
  return steps
}

/**
 * `SELECT k.k1, x.* FROM unnest($1::int8[]) AS k(k1) CROSS JOIN LATERAL (SELECT ... WHERE
 * <target key> = k.k1 ... LIMIT n) AS x`: every parent's related rows in one statement,
 * with per-parent order and limit. Each row holds the key values, then `step.columns`.
 */
export function loadStatement(step: LoadStep, keyColumns: readonly ColumnMeta[], tuples: readonly unknown[][], issues: Issues): Statement {
  const params = new Params()
  let next = 0
  const ctx: BuildContext = { params, issues, alias: 't1', nextAlias: () => 't' + (2 + next++), relationFilter: compileRelationFilter }
  const keyNames = keyColumns.map((_, i) => `k${i + 1}`)
  const arrays = keyColumns.map((column, i) => {
    const literal = encodeArray(tuples.map((t) => t[i]), column.encode)
    return `${params.add(literal)}::${column.arrayCast}`
  })
  const relation = step.relation
  const target = step.target
  let from: string
  let on: string[]
  if (relation.kind === 'manyToMany') {
    const through = relation.through!
    from =
      `${target.quoted} AS t1 JOIN ${quoteIdent(through.table)} AS j ON ` +
      through.target.map(([key, column]) => `j.${quoteIdent(column)} = t1.${keyColumn(target, key).quoted}`).join(' AND ')
    on = through.source.map(([, column], i) => `j.${quoteIdent(column)} = k.${keyNames[i]}`)
  } else {
    from = `${target.quoted} AS t1`
    on = relation.on!.map(([, targetKey], i) => `t1.${keyColumn(target, targetKey).quoted} = k.${keyNames[i]}`)
  }
  const parts = step.options
  const where = parts.where === undefined ? undefined : relationWhere(target, parts.where, ctx, 'where')
  const keyList = keyNames.map((k) => `k.${k}`).join(', ')
  const unnest = `unnest(${arrays.join(', ')}) AS k(${keyNames.join(', ')})`
  const condition = [...on, ...(where ? [`(${where})`] : [])].join(' AND ')
  if (step.count) {
    issues.throwIfAny()
    return { text: `SELECT ${keyList}, (SELECT count(*) FROM ${from} WHERE ${condition}) FROM ${unnest}`, params: params.values }
  }
  const orderBy = compileOrderBy(target, parts.orderBy, ctx)
  const paging = relation.kind === 'one' ? ' LIMIT 1' : compilePaging(params, issues, parts.limit, parts.offset)
  issues.throwIfAny()
  const list = step.columns.map((c) => `t1.${c.quoted}`).join(', ')
  const text = `SELECT ${keyList}, x.* FROM ${unnest} CROSS JOIN LATERAL (SELECT ${list} FROM ${from} WHERE ${condition}${orderBy}${paging}) AS x`
  return { text, params: params.values }
}

// ---------------------------------------------------------------------------------------
// link / unlink

