/**
 * What a statement is built with: its parameters, the issues found in the call's input,
 * the alias of the table being filtered and the aliases of subqueries, and the compiler of
 * relation filters (passed in by whoever builds the statement, so that filters and
 * relations can refer to each other without a module knowing the other).
 */
import type { TableMeta } from '../meta.js'
import type { Issues } from '../input.js'
import type { Condition } from './where.js'

/** Parameters of one statement. */
export class Params {
  readonly values: (string | null)[] = []

  /** Adds an already encoded value and returns its placeholder. */
  add(text: string | null): string {
    this.values.push(text)
    return '$' + this.values.length
  }
}

/** Compiles a relation filter (`{ author: { is: {...} } }`); undefined when `key` is no relation. */
export type RelationFilterCompiler = (
  meta: TableMeta,
  key: string,
  value: unknown,
  path: string,
  ctx: BuildContext,
  depth: number,
) => Condition | undefined

export interface BuildContext {
  readonly params: Params
  readonly issues: Issues
  /** The alias that qualifies this table's columns (`t0`). */
  readonly alias: string
  /** Hands out aliases for subqueries (relation filters, nested relations). */
  readonly nextAlias: () => string
  readonly relationFilter: RelationFilterCompiler
}

/** A context for a statement on `t0`, handing out `t1`, `t2`, ... to subqueries. */
export function buildContext(issues: Issues, relationFilter: RelationFilterCompiler, params = new Params()): BuildContext {
  let next = 0
  return { params, issues, alias: 't0', nextAlias: () => 't' + ++next, relationFilter }
}
