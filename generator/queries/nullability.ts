/**
 * Typed SQL files: which output columns of a statement are certainly never null, read from
 * PostgreSQL's own parse tree (libpg-query). The contract is one-sided: a column is called
 * non-null only when that is certain (straight from a NOT NULL table column on a side no outer
 * join can null out, or one of a few expressions that cannot yield null); every doubt, every
 * construct not understood, makes it nullable.
 */

export interface CatalogColumn {
  readonly name: string
  readonly notNull: boolean
}

/** Tables, views, materialized views of the database, read up front (synchronous lookups). */
export interface Catalog {
  /** `schema` undefined: the relation as found on the search path (public, then pg_catalog). Undefined when unknown. */
  relation(schema: string | undefined, name: string): readonly CatalogColumn[] | undefined
}

/** An output column; `name` undefined when we do not work it out (such a column is never matched by name). */
interface Column {
  readonly name: string | undefined
  readonly notNull: boolean
}
/** A relation's columns; undefined when they cannot be worked out. */
type Columns = readonly Column[] | undefined

/** One name a FROM clause makes visible: a table, subquery, CTE, function... or a USING join's merged columns. */
interface Source {
  readonly qualifier: string | undefined
  readonly columns: Columns
  /** Names merged into a USING/NATURAL join above: unqualified references mean the merged column instead. */
  readonly hidden: ReadonlySet<string> | 'all'
}

/** What one FROM item (or join arm) contributes: its visible names, and what `*` expands to. */
interface FromItem {
  readonly sources: readonly Source[]
  readonly star: Columns
}

/** One query level: its CTEs and FROM sources; references not found here are looked up in `parent`. */
interface Level {
  readonly ctes: Map<string, Columns>
  readonly sources: readonly Source[]
  /** GROUPING SETS / ROLLUP / CUBE put nulls in grouped columns: column references say nullable. */
  readonly groupingSets: boolean
  readonly parent: Level | undefined
}

type Node = { readonly [key: string]: unknown }

const nodeOf = (value: unknown): Node | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Node) : undefined
const listOf = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : [])
/** The body of a wrapped node `{ Kind: {...} }` when it is of that kind. */
const kindOf = (value: unknown, kind: string): Node | undefined => nodeOf(nodeOf(value)?.[kind])
const isString = (value: unknown): value is string => typeof value === 'string'
const textOf = (value: unknown): string | undefined => (isString(value) ? value : undefined)
/** An identifier in a name list: `{ String: { sval } }`. */
const stringOf = (value: unknown): string | undefined => textOf(kindOf(value, 'String')?.['sval'])
const aliasName = (node: Node): string | undefined => textOf(nodeOf(node['alias'])?.['aliasname'])
const aliasColumns = (node: Node): readonly unknown[] => listOf(nodeOf(node['alias'])?.['colnames'])

const nullable = (columns: Columns): Columns => columns?.map((column) => ({ ...column, notNull: false }))

/** A column alias list `(x, y)` renames the first columns; a longer list than columns is an error in PostgreSQL. */
function renamed(columns: Columns, names: readonly unknown[]): Columns {
  if (!columns || names.length > columns.length) return undefined
  return columns.map((column, i) => (i < names.length ? { ...column, name: stringOf(names[i]) } : column))
}

/** Window functions that yield a value for every row. (ntile(NULL) is null, so ntile is checked apart.) */
const rankingWindowFunctions = new Set(['row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist'])

export function inferNotNull(stmt: unknown, catalog: Catalog): readonly boolean[] | undefined {
  return new Analysis(catalog).statement(stmt, undefined)?.map((column) => column.notNull)
}

class Analysis {
  constructor(private readonly catalog: Catalog) {}

  /** The output columns of a whole statement; [] for DML without RETURNING. */
  statement(stmt: unknown, parent: Level | undefined): Columns {
    const select = kindOf(stmt, 'SelectStmt')
    if (select) return this.select(select, parent)
    for (const kind of ['InsertStmt', 'UpdateStmt', 'DeleteStmt']) {
      const dml = kindOf(stmt, kind)
      if (dml) return this.dml(dml, parent)
    }
    return undefined
  }

  private select(select: Node, parent: Level | undefined): Columns {
    if (select['intoClause']) return undefined
    const level = this.withClause(select['withClause'], parent)
    const op = textOf(select['op'])
    if (op !== undefined && op !== 'SETOP_NONE') return this.setOperation(select, level)
    if (select['valuesLists']) return this.values(listOf(select['valuesLists']), level)
    const from = this.fromList(listOf(select['fromClause']), level)
    const groupingSets = listOf(select['groupClause']).some((item) => kindOf(item, 'GroupingSet'))
    const scope: Level = { ...level, sources: from.flatMap((item) => item.sources), groupingSets }
    return this.targets(listOf(select['targetList']), scope, from.map((item) => item.star))
  }

  /** UNION / INTERSECT / EXCEPT: non-null only where every branch is; names from the left. */
  private setOperation(select: Node, level: Level): Columns {
    return both(this.select(nodeOf(select['larg']) ?? {}, level), this.select(nodeOf(select['rarg']) ?? {}, level))
  }

  /** VALUES: columns column1, column2...; non-null where every row's expression is. */
  private values(rows: readonly unknown[], level: Level): Columns {
    const lists = rows.map((row) => listOf(kindOf(row, 'List')?.['items']))
    const width = lists[0]?.length ?? 0
    if (lists.some((items) => items.length !== width)) return undefined
    return Array.from({ length: width }, (_, i) => ({
      name: `column${i + 1}`,
      notNull: lists.every((items) => this.expression(items[i], level)),
    }))
  }

  /** INSERT / UPDATE / DELETE: RETURNING over the target table (and UPDATE FROM / DELETE USING items, inner-joined). */
  private dml(dml: Node, parent: Level | undefined): Columns {
    const level = this.withClause(dml['withClause'], parent)
    const returning = nodeOf(dml['returningClause'])
    const targets = listOf(returning ? returning['exprs'] : dml['returningList'])
    if (targets.length === 0) return []
    const target = this.rangeVar(nodeOf(dml['relation']) ?? {}, level, false)
    const from = this.fromList(listOf(dml['fromClause'] ?? dml['usingClause']), level)
    // RETURNING old.x / new.x (PostgreSQL 18) may be a row that does not exist: unknown, so nullable.
    const oldNew = ['old', 'new', ...listOf(returning?.['options']).map((o) => textOf(kindOf(o, 'ReturningOption')?.['value']))]
    const rowAliases = oldNew.map((qualifier): Source => ({ qualifier, columns: undefined, hidden: new Set() }))
    const sources = [...target.sources, ...from.flatMap((item) => item.sources), ...rowAliases]
    const scope: Level = { ...level, sources, groupingSets: false }
    return this.targets(targets, scope, [target.star, ...from.map((item) => item.star)])
  }

  /** A new query level holding the WITH clause's CTEs, each seeing the ones before it. */
  private withClause(withClause: unknown, parent: Level | undefined): Level {
    const level: Level = { ctes: new Map(), sources: [], groupingSets: false, parent }
    const clause = nodeOf(withClause)
    const recursive = clause?.['recursive'] === true
    const ctes = listOf(clause?.['ctes']).map((item) => kindOf(item, 'CommonTableExpr') ?? {})
    const nameOf = (cte: Node) => textOf(cte['ctename']) ?? ''
    // In WITH RECURSIVE every CTE name is in scope everywhere in the list (forward references
    // too), shadowing tables even before its columns are known; otherwise only earlier ones are.
    if (recursive) for (const cte of ctes) level.ctes.set(nameOf(cte), undefined)
    for (const cte of ctes) {
      const name = nameOf(cte)
      const names = listOf(cte['aliascolnames'])
      const columns = recursive ? this.recursiveCte(cte, name, level) : this.statement(cte['ctequery'], level)
      // SEARCH / CYCLE add columns of their own: left unknown.
      const extended = cte['search_clause'] !== undefined || cte['cycle_clause'] !== undefined
      level.ctes.set(name, extended ? undefined : renamed(columns, names))
    }
    return level
  }

  /**
   * base UNION [ALL] recursive-term. Assuming the rows read from the CTE satisfy a guess (the
   * base term's columns at first), the recursive term's rows satisfy its analysis; the guess is
   * narrowed to what both give until it stops changing: then every row, base or produced by any
   * iteration, satisfies it (induction). One pass alone would not do: a term that rotates its
   * columns can move a null into a column the first pass believed non-null.
   */
  private recursiveCte(cte: Node, name: string, level: Level): Columns {
    const union = kindOf(cte['ctequery'], 'SelectStmt')
    if (!union || textOf(union['op']) !== 'SETOP_UNION') return this.statement(cte['ctequery'], level)
    const names = listOf(cte['aliascolnames'])
    let guess = this.select(nodeOf(union['larg']) ?? {}, level)
    for (let changed = true; changed && guess; ) {
      level.ctes.set(name, renamed(guess, names))
      const next = both(guess, this.select(nodeOf(union['rarg']) ?? {}, level))
      changed = next?.some((column, i) => column.notNull !== guess?.[i]?.notNull) ?? true
      guess = next
    }
    return guess
  }

  /** The FROM list: comma-separated items join as inner joins; LATERAL ones see the items before them. */
  private fromList(items: readonly unknown[], level: Level): FromItem[] {
    const built: FromItem[] = []
    for (const item of items) built.push(this.fromItem(item, level, built.flatMap((b) => b.sources)))
    return built
  }

  private fromItem(item: unknown, level: Level, before: readonly Source[]): FromItem {
    const rangeVar = kindOf(item, 'RangeVar')
    if (rangeVar) return this.rangeVar(rangeVar, level, true)
    const sample = kindOf(item, 'RangeTableSample')
    if (sample) return this.rangeVar(kindOf(sample['relation'], 'RangeVar') ?? {}, level, true)
    const subselect = kindOf(item, 'RangeSubselect')
    if (subselect) return this.subselect(subselect, level, before)
    const join = kindOf(item, 'JoinExpr')
    if (join) return this.join(join, level, before)
    // Functions, XMLTABLE, JSON_TABLE...: columns unknown.
    const other = nodeOf(Object.values(nodeOf(item) ?? {})[0]) ?? {}
    return leaf(aliasName(other), undefined)
  }

  /** A table, view or (in FROM, not as a DML target) a CTE, which shadows a table of the same name. */
  private rangeVar(node: Node, level: Level, cteAllowed: boolean): FromItem {
    const schema = textOf(node['schemaname'])
    const name = textOf(node['relname']) ?? ''
    const columns = cteAllowed && schema === undefined && cteColumns(level, name)
    const found = columns ? columns.value : this.catalog.relation(schema, name)?.map(({ name, notNull }) => ({ name, notNull }))
    return leaf(aliasName(node) ?? name, renamed(found, aliasColumns(node)))
  }

  private subselect(node: Node, level: Level, before: readonly Source[]): FromItem {
    // A LATERAL subquery sees the FROM items before it; any other only the enclosing levels.
    const parent: Level = node['lateral'] === true ? { ctes: new Map(), sources: before, groupingSets: false, parent: level } : level
    return leaf(aliasName(node), renamed(this.statement(node['subquery'], parent), aliasColumns(node)))
  }

  private join(node: Node, level: Level, before: readonly Source[]): FromItem {
    const type = textOf(node['jointype'])
    const left = this.fromItem(node['larg'], level, before)
    const right = this.fromItem(node['rarg'], level, [...before, ...left.sources])
    const nullsLeft = type !== 'JOIN_INNER' && type !== 'JOIN_LEFT'
    const nullsRight = type !== 'JOIN_INNER' && type !== 'JOIN_RIGHT'
    const arms = [nullsLeft ? nulled(left) : left, nullsRight ? nulled(right) : right] as const
    const merging = node['isNatural'] === true || listOf(node['usingClause']).length > 0
    const joined: FromItem = merging
      ? this.merge(node, type, arms[0], arms[1])
      : { sources: [...arms[0].sources, ...arms[1].sources], star: concat([arms[0].star, arms[1].star]) }
    // `(a join b) as j` hides a and b behind the single name j.
    const alias = aliasName(node)
    return alias === undefined ? joined : leaf(alias, renamed(joined.star, aliasColumns(node)))
  }

  /**
   * JOIN ... USING / NATURAL: an unqualified reference to a merged name is the merged column,
   * which is the left column (inner, left join), the right one (right join), or coalesce of
   * both (full join). `*` over it is left unknown.
   */
  private merge(node: Node, type: string | undefined, left: FromItem, right: FromItem): FromItem {
    const found = node['isNatural'] === true ? commonNames(left.star, right.star) : listOf(node['usingClause']).map(stringOf)
    const names = found?.every(isString) ? found : undefined
    if (!names) {
      // Which names are merged is unknown: no unqualified reference into either side is trusted.
      const hideAll = (source: Source): Source => ({ ...source, hidden: 'all' })
      return { sources: [...left.sources, ...right.sources].map(hideAll), star: undefined }
    }
    const merged = names.map((name): Column => {
      const l = lookUnqualified(left.sources, name) === 'notNull'
      const r = lookUnqualified(right.sources, name) === 'notNull'
      // Inner: the values are equal, so either side being non-null is enough. Full: both arms
      // were made nullable already, so l || r (coalesce) is only true if that is certain.
      const notNull = type === 'JOIN_LEFT' ? l : type === 'JOIN_RIGHT' ? r : l || r
      return { name, notNull }
    })
    const hide = (source: Source): Source =>
      source.hidden === 'all' ? source : { ...source, hidden: new Set([...source.hidden, ...names]) }
    const usingAlias = textOf(nodeOf(node['join_using_alias'])?.['aliasname'])
    const mergedSource: Source = { qualifier: usingAlias, columns: merged, hidden: new Set() }
    return { sources: [mergedSource, ...[...left.sources, ...right.sources].map(hide)], star: undefined }
  }

  /** A target or RETURNING list; `stars` are the FROM items' columns in order, for `*`. */
  private targets(targets: readonly unknown[], scope: Level, stars: readonly Columns[]): Columns {
    const columns: Column[] = []
    for (const target of targets) {
      const value = kindOf(target, 'ResTarget')?.['val']
      const fields = listOf(kindOf(value, 'ColumnRef')?.['fields'])
      if (fields.length > 0 && kindOf(fields[fields.length - 1], 'A_Star')) {
        const expanded = fields.length === 1 ? concat(stars) : fields.length === 2 ? starOf(scope, stringOf(fields[0])) : undefined
        if (!expanded) return undefined
        columns.push(...expanded)
      } else {
        const name = textOf(kindOf(target, 'ResTarget')?.['name']) ?? outputName(value)
        columns.push({ name, notNull: this.expression(value, scope) })
      }
    }
    return columns
  }

  /** Whether an expression is certainly non-null. Only the few forms listed here are; all else is nullable. */
  private expression(value: unknown, scope: Level): boolean {
    const column = kindOf(value, 'ColumnRef')
    if (column) return !scope.groupingSets && resolve(listOf(column['fields']), scope)
    const constant = kindOf(value, 'A_Const')
    if (constant) return constant['isnull'] !== true
    const cast = kindOf(value, 'TypeCast')
    if (cast) return this.expression(cast['arg'], scope)
    const call = kindOf(value, 'FuncCall')
    if (call) return this.functionCall(call, scope)
    const coalesce = kindOf(value, 'CoalesceExpr')
    if (coalesce) return listOf(coalesce['args']).some((arg) => this.expression(arg, scope))
    if (kindOf(value, 'NullTest') || kindOf(value, 'BooleanTest')) return true
    const operator = textOf(kindOf(value, 'A_Expr')?.['kind'])
    if (operator === 'AEXPR_DISTINCT' || operator === 'AEXPR_NOT_DISTINCT') return true
    return textOf(kindOf(value, 'SubLink')?.['subLinkType']) === 'EXISTS_SUBLINK'
  }

  /** count(...) (aggregate or window), and ranking window functions. */
  private functionCall(call: Node, scope: Level): boolean {
    const names = listOf(call['funcname']).map(stringOf)
    if (names.length > 2 || (names.length === 2 && names[0] !== 'pg_catalog')) return false
    const name = names[names.length - 1]
    if (name === 'count') return true
    if (!call['over'] || !name) return false
    if (name === 'ntile') return this.expression(listOf(call['args'])[0], scope)
    return rankingWindowFunctions.has(name)
  }
}

const leaf = (qualifier: string | undefined, columns: Columns): FromItem => ({ sources: [{ qualifier, columns, hidden: new Set() }], star: columns })

const nulled = (item: FromItem): FromItem => ({
  sources: item.sources.map((source) => ({ ...source, columns: nullable(source.columns) })),
  star: nullable(item.star),
})

const concat = (lists: readonly Columns[]): Columns =>
  lists.length > 0 && lists.every((list) => list !== undefined) ? lists.flatMap((list) => list ?? []) : undefined

/** Column by column, non-null only where both are; names from the first. */
function both(left: Columns, right: Columns): Columns {
  if (!left || !right || left.length !== right.length) return undefined
  return left.map((column, i) => ({ name: column.name, notNull: column.notNull && right[i]!.notNull }))
}

/** NATURAL JOIN's merged names; undefined when either side's columns are unknown. */
function commonNames(left: Columns, right: Columns): (string | undefined)[] | undefined {
  if (!left || !right) return undefined
  return left.filter((column) => right.some((other) => other.name === column.name)).map((column) => column.name)
}

/** The CTE `name` as seen from `level` (nearest definition wins); false when no CTE has that name. */
function cteColumns(level: Level | undefined, name: string): { value: Columns } | false {
  for (let at = level; at; at = at.parent) if (at.ctes.has(name)) return { value: at.ctes.get(name) }
  return false
}

/** `rel.*`: the columns of the one FROM item of this level named `rel`. */
function starOf(scope: Level, qualifier: string | undefined): Columns {
  const matches = qualifier === undefined ? [] : scope.sources.filter((source) => source.qualifier === qualifier)
  return matches.length === 1 ? matches[0]!.columns : undefined
}

/** The name PostgreSQL gives an unnamed output column, for the forms where we are sure of it. */
function outputName(value: unknown): string | undefined {
  const fields = listOf(kindOf(value, 'ColumnRef')?.['fields'])
  if (fields.length > 0) return stringOf(fields[fields.length - 1])
  const funcname = listOf(kindOf(value, 'FuncCall')?.['funcname'])
  if (funcname.length > 0) return stringOf(funcname[funcname.length - 1])
  const cast = kindOf(value, 'TypeCast')
  if (cast) return outputName(cast['arg'])
  if (kindOf(value, 'CoalesceExpr')) return 'coalesce'
  if (textOf(kindOf(value, 'SubLink')?.['subLinkType']) === 'EXISTS_SUBLINK') return 'exists'
  return undefined
}

/** A lookup in one level: the column is found, or it may be here but we cannot tell, or it is not here. */
type Lookup = 'notNull' | 'nullable' | 'unsure' | 'absent'

function lookUnqualified(sources: readonly Source[], name: string): Lookup {
  let found: Lookup = 'absent'
  let unsure = false
  for (const source of sources) {
    if (source.hidden === 'all' || !source.columns) unsure = true
    if (source.hidden === 'all' || source.hidden.has(name) || !source.columns) continue
    const matches = source.columns.filter((column) => column.name === name)
    if (matches.length === 0) continue
    // Twice is ambiguous: PostgreSQL refuses the statement, so nothing is claimed.
    if (found !== 'absent' || matches.length > 1) return 'unsure'
    found = matches[0]!.notNull ? 'notNull' : 'nullable'
  }
  // Found in one known item, it is that one even beside unknown items: were the name in one of
  // those too, PostgreSQL would refuse the reference as ambiguous.
  return found === 'absent' && unsure ? 'unsure' : found
}

function lookQualified(sources: readonly Source[], qualifier: string, name: string): Lookup {
  const matches = sources.filter((source) => source.qualifier === qualifier)
  if (matches.length === 0) return sources.some((s) => s.qualifier === undefined && !s.columns) ? 'unsure' : 'absent'
  const columns = matches.length === 1 ? matches[0]!.columns?.filter((column) => column.name === name) : undefined
  return columns?.length === 1 ? (columns[0]!.notNull ? 'notNull' : 'nullable') : 'unsure'
}

/** A column reference `col` or `rel.col`, looked up level by level outwards; unresolved means nullable. */
function resolve(fields: readonly unknown[], scope: Level): boolean {
  const names = fields.map(stringOf)
  if (names.length < 1 || names.length > 2 || names.some((name) => name === undefined)) return false
  for (let level: Level | undefined = scope; level; level = level.parent) {
    const found = names.length === 1 ? lookUnqualified(level.sources, names[0]!) : lookQualified(level.sources, names[0]!, names[1]!)
    if (found !== 'absent') return found === 'notNull'
  }
  return false
}
