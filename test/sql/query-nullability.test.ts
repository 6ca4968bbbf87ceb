/**
 * Typed SQL files: which output columns are certainly non-null, worked out from PostgreSQL's
 * parse tree against a small catalog. Expectations come from the rule (a NOT NULL table column
 * on a side no outer join can null out, or one of the few expressions that cannot be null),
 * never from the output.
 */
import fc from 'fast-check'
import { loadModule, parseSync } from 'libpg-query'
import { beforeAll, describe, expect, it } from 'vitest'
import { inferNotNull, type Catalog, type CatalogColumn } from '../../generator/queries/nullability.js'

const T = true
const F = false

const columns = (spec: Record<string, boolean>): CatalogColumn[] => Object.entries(spec).map(([name, notNull]) => ({ name, notNull }))
const tables: Record<string, CatalogColumn[]> = {
  authors: columns({ id: T, name: T, bio: F }),
  books: columns({ id: T, author_id: T, title: T, published_on: F }),
  categories: columns({ id: T, parent_id: F, name: T }),
  // A view: the catalog reports its columns as nullable.
  author_names: columns({ id: F, name: F }),
}
const catalog: Catalog = {
  relation: (schema, name) => (schema === undefined || schema === 'public' ? tables[name] : undefined),
}

function infer(sql: string): readonly boolean[] | undefined {
  const stmts = parseSync(sql).stmts ?? []
  expect(stmts).toHaveLength(1)
  return inferNotNull(stmts[0]!.stmt, catalog)
}

beforeAll(async () => {
  await loadModule()
})

describe('columns of tables', () => {
  it.each([
    ['select id, name, bio from authors', [T, T, F]],
    ['select a.id, a.bio, name from authors a', [T, F, T]],
    ['select authors.name, bio from authors', [T, F]],
    ['select name from public.authors', [T]],
    ['select p.name from public.authors p', [T]],
    ['select name as n, a.id as ident from authors a', [T, T]],
    ['select a.x, a.name from authors a(x)', [T, T]],
    ['select id, name from author_names', [F, F]],
    ['select nope from authors', [F]],
    ['select name from other.authors', [F]],
    ['select name from authors a join authors b on true', [F]],
    ['select a from authors a', [F]],
  ])('%s', (sql, expected) => {
    expect(infer(sql)).toEqual(expected)
  })
})

describe('joins', () => {
  it.each([
    ['select a.name, b.title from authors a join books b on b.author_id = a.id', [T, T]],
    ['select a.name, b.title from authors a, books b', [T, T]],
    ['select a.name, b.title from authors a cross join books b', [T, T]],
    ['select a.name, b.title from authors a left join books b on b.author_id = a.id', [T, F]],
    ['select a.name, b.title from authors a right join books b on b.author_id = a.id', [F, T]],
    ['select a.name, b.title from authors a full join books b on b.author_id = a.id', [F, F]],
    ['select name, title from authors a left join books b on b.author_id = a.id', [T, F]],
    ['select a.name, b.name from authors a left join authors b on b.id = a.id', [T, F]],
    ['select a.name, b.title, c.name from authors a left join (books b join categories c on true) on b.author_id = a.id', [T, F, F]],
    ['select a.name, b.title, c.name from (authors a left join books b on true) join categories c on true', [T, F, T]],
    ['select a.name, b.title, c.name from categories c right join (authors a left join books b on true) on true', [T, F, F]],
    ['select a.name, b.title, c.name from authors a join (books b full join categories c on true) on true', [T, F, F]],
    ['select j.name, j.title, j.id from (authors a left join books b on true) as j', [T, F, F]],
  ])('%s', (sql, expected) => {
    expect(infer(sql)).toEqual(expected)
  })

  it.each([
    ['select id from authors a join books b using (id)', [T]],
    ['select id from books b left join authors a using (id)', [T]],
    ['select id from books b right join authors a using (id)', [T]],
    ['select id from books b full join authors a using (id)', [F]],
    ['select a.id, b.id from authors a left join books b using (id)', [T, F]],
    ['select x.id from authors a join books b using (id) as x', [T]],
    ['select name from authors natural join categories', [T]],
    ['select parent_id from authors natural join categories', [F]],
  ])('USING / NATURAL: %s', (sql, expected) => {
    expect(infer(sql)).toEqual(expected)
  })

  it('USING / NATURAL under *: unknown', () => {
    expect(infer('select * from authors a join books b using (id)')).toBeUndefined()
    expect(infer('select * from authors natural join categories')).toBeUndefined()
  })

  it('LATERAL subqueries follow the join rules and see the items before them', () => {
    expect(infer('select a.name, s.title from authors a left join lateral (select b.title from books b where b.author_id = a.id limit 1) s on true')).toEqual([T, F])
    expect(infer('select s.n from authors a, lateral (select a.name as n) s')).toEqual([T])
    expect(infer('select s.n from authors a left join books b on true, lateral (select b.title as n) s')).toEqual([F])
    expect(infer('select s.v from authors a, lateral (select name as v) s')).toEqual([T])
    // `name` may be the function's own column here: not looked for outside.
    expect(infer('select s.v from authors a, lateral (select name as v from generate_series(1, 2) as name) s')).toEqual([F])
  })
})

describe('*', () => {
  it('expands the FROM items in order, each with its side of the join', () => {
    expect(infer('select * from authors a left join books b on true')).toEqual([T, T, F, F, F, F, F])
    expect(infer('select b.*, a.* from authors a left join books b on true')).toEqual([F, F, F, F, T, T, F])
    expect(infer('select a.*, 1 from authors a right join books b on true')).toEqual([F, F, F, T])
  })

  it('is unknown over anything whose columns are unknown', () => {
    expect(infer('select * from generate_series(1, 3)')).toBeUndefined()
    expect(infer('select * from authors, generate_series(1, 3) g')).toBeUndefined()
    expect(infer('select g.* from generate_series(1, 3) g')).toBeUndefined()
    expect(infer('select * from nope')).toBeUndefined()
    expect(infer('select *')).toBeUndefined()
  })

  it('leaves other columns beside an unknown item resolvable', () => {
    expect(infer('select a.name, name, g from authors a, generate_series(1, 3) g')).toEqual([T, T, F])
    expect(infer('select x from authors a, generate_series(1, 3) x')).toEqual([F])
  })
})

describe('subqueries and CTEs', () => {
  it.each([
    ['select s.name, s.title from (select a.name, b.title from authors a left join books b on true) s', [T, F]],
    ['select a.name, s.title from authors a left join (select title from books) s on true', [T, F]],
    ['select * from (select id, bio from authors) s', [T, F]],
    ['select s.x, s.y from (select id, bio from authors) s(x, y)', [T, F]],
    ['select s.n from (select name as n from authors) s', [T]],
    ['select s.name from (select name, name from authors) s', [F]],
    ['with x as (select id, bio from authors) select x.id, bio from x', [T, F]],
    ['with x(a, b) as (select id, bio from authors) select a, b from x', [T, F]],
    // Non-recursive: inside its own query the name is still the table.
    ['with authors as (select bio as name from authors) select name from authors', [F]],
    ['with x as (select id from authors) select * from (with x as (select bio as id from authors) select id from x) s', [F]],
    ['with x as (select bio as id from authors) select * from (with x as (select id from authors) select id from x) s', [T]],
    ['with x as (select id from authors) select s.id from (select id from x) s', [T]],
  ])('%s', (sql, expected) => {
    expect(infer(sql)).toEqual(expected)
  })

  it('recursive CTE: non-null where both terms are', () => {
    const tree = `with recursive tree as (
      select id, parent_id, name, 0 as depth, name as root from categories where parent_id is null
      union all
      select c.id, c.parent_id, c.name, t.depth + 1, t.root from categories c join tree t on c.parent_id = t.id
    ) select id, parent_id, name, depth, root from tree`
    expect(infer(tree)).toEqual([T, F, T, F, T])
    const outer = `with recursive up(id, name) as (
      select id, name from categories where id = $1
      union
      select p.id, p.name from up u left join categories p on p.id = u.id
    ) select * from up`
    expect(infer(outer)).toEqual([F, F])
    expect(infer('with recursive r(n) as (select 1 union all select n from r) select n from r')).toEqual([T])
    // SEARCH / CYCLE add columns we do not model.
    expect(infer('with recursive r(n) as (select 1 union all select n from r) search depth first by n set ord select * from r')).toBeUndefined()
  })

  it('recursive CTE: a term that moves columns around is followed to a fixed point', () => {
    // Rows: (1, 2, null), (2, null, 1), (null, 1, 1): every column is null somewhere.
    expect(infer('with recursive r(a, b, c) as (select 1, 2, null::int union all select b, c, 1 from r) select a, b, c from r')).toEqual([F, F, F])
  })

  it('DML CTEs', () => {
    expect(infer('with ins as (insert into authors (name) values ($1) returning id, bio) select ins.id, ins.bio from ins')).toEqual([T, F])
    expect(infer('with d as (delete from books returning *) select * from d')).toEqual([T, T, T, F])
    expect(infer('with d as (delete from books) select 1')).toEqual([T])
  })
})

describe('expressions', () => {
  it.each([
    ['select count(*) from books', [T]],
    ['select count(published_on)::int from books', [T]],
    ['select count(*) over (), row_number() over (), rank() over (order by id), dense_rank() over (), percent_rank() over (), cume_dist() over () from books', [T, T, T, T, T, T]],
    ['select ntile(4) over (), ntile($1) over () from books', [T, F]],
    ['select coalesce(bio, \'\'), coalesce(bio, null), coalesce(bio, name) from authors', [T, F, T]],
    ['select sum(id), max(id), min(id), avg(id), array_agg(id), json_agg(id) from books', [F, F, F, F, F, F]],
    ['select case when id > 1 then 1 else 2 end, (select 1), exists (select 1 from books), nullif(1, 2), id + 1, $1, $1::int from authors', [F, F, T, F, F, F, F]],
    ['select 1, \'a\', null, null::int, true, 1::text from authors', [T, T, F, F, T, T]],
    ['select bio is null, bio is not distinct from name, bio is distinct from name, (bio = name) is true from authors', [T, T, T, T]],
    ['select lower(name), name::text, upper(name::text)::text from authors', [F, T, F]],
    ['select author_id, count(*), max(title) from books group by author_id', [T, T, F]],
    ['select author_id, count(*) from books group by rollup (author_id)', [F, T]],
    ['select a.name, (select b.title from books b where b.author_id = a.id limit 1) from authors a', [T, F]],
  ])('%s', (sql, expected) => {
    expect(infer(sql)).toEqual(expected)
  })
})

describe('set operations and VALUES', () => {
  it.each([
    ['select id, bio from authors union all select id, title from books', [T, F]],
    ['select id, name from authors union select id, null from books', [T, F]],
    ['select name from authors intersect select title from books except select bio from authors', [F]],
    ['select s.name from (select name from authors union all select title from books) s', [T]],
    ['values (1, null), (2, 3)', [T, F]],
    ['select * from (values (1, \'a\'), (2, null)) v(n, s)', [T, F]],
  ])('%s', (sql, expected) => {
    expect(infer(sql)).toEqual(expected)
  })
})

describe('INSERT / UPDATE / DELETE', () => {
  it.each([
    ['insert into authors (name) values ($1) returning id, name, bio', [T, T, F]],
    ['insert into authors as a (name) values ($1) returning a.id, a.bio', [T, F]],
    ['insert into authors (id, name) values ($1, $2) on conflict (id) do update set name = excluded.name returning *', [T, T, F]],
    ['update authors a set bio = $1 where id = $2 returning a.name, a.bio', [T, F]],
    ['update authors set bio = $1 returning *', [T, T, F]],
    ['delete from books where id = $1 returning *', [T, T, T, F]],
    ['update books b set title = $1 from authors a where a.id = b.author_id returning b.title, a.name, a.bio', [T, T, F]],
    ['update books b set title = $1 from authors a where a.id = b.author_id returning *', [T, T, T, F, T, T, F]],
    ['delete from books b using authors a where a.id = b.author_id returning a.name, b.published_on', [T, F]],
    ['update authors set bio = $1 returning old.name, new.name', [F, F]],
    ['with authors as (select bio as name from authors) delete from authors returning name', [T]],
  ])('%s', (sql, expected) => {
    expect(infer(sql)).toEqual(expected)
  })

  it('without RETURNING: no output columns', () => {
    expect(infer('delete from authors where id = $1')).toEqual([])
    expect(infer('insert into authors (name) values ($1)')).toEqual([])
    expect(infer('update books set title = $1 from authors a where a.id = books.author_id')).toEqual([])
  })

  it('other statements: unknown', () => {
    expect(infer('create table x (id int)')).toBeUndefined()
    expect(infer('select id into x from authors')).toBeUndefined()
    expect(infer('merge into authors a using books b on a.id = b.author_id when matched then do nothing returning a.id')).toBeUndefined()
  })
})

// Random join trees: a column is non-null iff it is NOT NULL in the catalog and its table sits
// on no nullable side on its way to the root (LEFT nulls the right arm, RIGHT the left, FULL both).
type JoinType = 'inner' | 'left' | 'right' | 'full' | 'cross'
type Tree = { readonly table: string } | { readonly join: JoinType; readonly left: Tree; readonly right: Tree }
interface Leaf {
  readonly alias: string
  readonly table: string
  readonly nulled: boolean
}

const { tree: treeArbitrary } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'tree' },
    fc.record({ table: fc.constantFrom('authors', 'books', 'categories') }),
    fc.record({ join: fc.constantFrom<JoinType>('inner', 'left', 'right', 'full', 'cross'), left: tie('tree'), right: tie('tree') }),
  ),
}))

/** The FROM clause, and each table with whether an outer join above it can null it out. */
function render(tree: Tree, leaves: Leaf[], nulled = false): string {
  if ('table' in tree) {
    const alias = `t${leaves.length}`
    leaves.push({ alias, table: tree.table, nulled })
    return `${tree.table} ${alias}`
  }
  const left = render(tree.left, leaves, nulled || tree.join === 'right' || tree.join === 'full')
  const right = render(tree.right, leaves, nulled || tree.join === 'left' || tree.join === 'full')
  return tree.join === 'cross' ? `(${left} cross join ${right})` : `(${left} ${tree.join} join ${right} on true)`
}

it('random join trees: non-null exactly where no outer join reaches a NOT NULL column', () => {
  const pick = fc.record({ leaf: fc.nat(), column: fc.nat(), star: fc.boolean() })
  fc.assert(
    fc.property(treeArbitrary, fc.array(pick, { minLength: 1, maxLength: 6 }), fc.boolean(), (tree, picks, wrapped) => {
      const leaves: Leaf[] = []
      const from = render(tree, leaves)
      const targets: string[] = []
      const expected: boolean[] = []
      for (const { leaf: l, column: c, star } of picks) {
        const leaf = leaves[l % leaves.length]!
        const cols = tables[leaf.table]!
        const chosen = star ? cols : [cols[c % cols.length]!]
        targets.push(star ? `${leaf.alias}.*` : `${leaf.alias}.${chosen[0]!.name}`)
        expected.push(...chosen.map((column) => column.notNull && !leaf.nulled))
      }
      const select = `select ${targets.join(', ')} from ${from}`
      // Through a subquery the answer is the same (its `*` keeps duplicate names apart by position).
      expect(infer(wrapped ? `select * from (${select}) s` : select)).toEqual(expected)
    }),
    { numRuns: 300 },
  )
})
