/** `link` / `unlink` of many-to-many pairs: the statements that insert or delete rows of the join table. */
import type { TableMeta } from '../meta.js'
import { Issues, listItems } from '../input.js'
import { quoteIdent } from '../sql.js'
import type { Statement } from '../query.js'
import { describe, EncodeError, encodeArray } from '../types.js'
import { Params } from './context.js'
import { keyColumn } from './joins.js'
import { relationOf } from './relations.js'

function linkParts(meta: TableMeta, method: string, name: unknown, key: unknown, targets: unknown) {
  const issues = new Issues(meta.key, method)
  const relation = typeof name === 'string' ? relationOf(meta, name, issues, 'relation') : undefined
  if (typeof name !== 'string') issues.fail('relation', `expected a relation name, got ${describe(name)}`)
  if (!relation) return issues.fail('relation', 'see above')
  if (relation.kind !== 'manyToMany') issues.fail('relation', `'${name}' is not a many-to-many relation of ${meta.key}`)
  const through = relation.through!
  if (through.source.length !== 1 || through.target.length !== 1) issues.fail('relation', `'${name}' joins on several columns; insert into its join table instead`)
  const target = relation.target()
  const sourceColumn = keyColumn(meta, through.source[0]![0])
  const targetColumn = keyColumn(target, through.target[0]![0])
  if (key === undefined || key === null) issues.add('key', `is ${key}; give the ${meta.key} key`)
  const targetKeys = listItems(issues, targets, 'targets', `an array of ${target.key} keys`)
  if (!targetKeys) return issues.stop()
  const params = new Params()
  let keyParam = ''
  let targetsParam = ''
  try {
    keyParam = `${params.add(sourceColumn.encode(key))}::${sourceColumn.cast}`
  } catch (error) {
    if (!(error instanceof EncodeError)) throw error
    issues.add('key', error.message)
  }
  try {
    targetsParam = `${params.add(encodeArray(targetKeys, targetColumn.encode))}::${targetColumn.arrayCast}`
  } catch (error) {
    if (!(error instanceof EncodeError)) throw error
    issues.add('targets', error.message)
  }
  targetKeys.forEach((t, i) => {
    if (t === null || t === undefined) issues.add(`targets[${i}]`, `is ${t}`)
  })
  issues.throwIfAny()
  return {
    join: quoteIdent(through.table),
    sourceJoin: quoteIdent(through.source[0]![1]),
    targetJoin: quoteIdent(through.target[0]![1]),
    keyParam,
    targetsParam,
    params,
    empty: targetKeys.length === 0,
  }
}

/**
 * `INSERT INTO <join> ... ON CONFLICT DO NOTHING` (links that exist already are kept), or
 * nothing to send for no targets.
 */
export function linkStatements(meta: TableMeta, name: unknown, key: unknown, targets: unknown): Statement[] {
  const p = linkParts(meta, 'link', name, key, targets)
  const text =
    `INSERT INTO ${p.join} (${p.sourceJoin}, ${p.targetJoin}) SELECT ${p.keyParam}, t.k FROM unnest(${p.targetsParam}) AS t(k) ` +
    'ON CONFLICT DO NOTHING'
  return p.empty ? [] : [{ text, params: p.params.values }]
}

/** `DELETE FROM <join> WHERE ...`, or nothing to send for no targets. */
export function unlinkStatements(meta: TableMeta, name: unknown, key: unknown, targets: unknown): Statement[] {
  const p = linkParts(meta, 'unlink', name, key, targets)
  const text = `DELETE FROM ${p.join} WHERE ${p.sourceJoin} = ${p.keyParam} AND ${p.targetJoin} = ANY(${p.targetsParam})`
  return p.empty ? [] : [{ text, params: p.params.values }]
}

