/**
 * Typed SQL files: splitting a `.sql` file into its `-- name:` statements and turning `:name`
 * parameters into `$n`, with PostgreSQL's own scanner deciding what is a string, a comment, a
 * cast or a slice. Expectations come from the rules (first appearance numbers a parameter, `?`
 * anywhere makes it optional, nothing quoted is touched), never from the output.
 */
import fc from 'fast-check'
import { loadModule } from 'libpg-query'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseSqlFile, type SqlFileQuery } from '../../generator/queries/sql-file.js'

const FILE = 'queries/books.sql'

beforeAll(async () => {
  await loadModule()
})

/** 1-based line and column of `offset` in `source`, counted here independently of the module. */
function at(source: string, offset: number): { line: number; column: number } {
  const lines = source.slice(0, offset).split('\n')
  return { line: lines.length, column: lines.at(-1)!.length + 1 }
}

/** Where the `nth` (0-based) occurrence of `needle` is in `source`. */
function where(source: string, needle: string, nth = 0): { line: number; column: number } {
  let offset = -1
  for (let i = 0; i <= nth; i++) {
    offset = source.indexOf(needle, offset + 1)
    if (offset === -1) throw new Error(`${JSON.stringify(needle)} (#${nth}) is not in the source`)
  }
  return at(source, offset)
}

/** The one query of `-- name: q :many` followed by `body`, with no diagnostics. */
function single(body: string): SqlFileQuery {
  const { queries, diagnostics } = parseSqlFile(FILE, `-- name: q :many\n${body}`)
  expect(diagnostics).toEqual([])
  expect(queries).toHaveLength(1)
  return queries[0]!
}

const required = (name: string) => ({ name, optional: false })
const optional = (name: string) => ({ name, optional: true })

describe('statements of a file', () => {
  const source = [
    '-- Queries about books.', // 1
    '', // 2
    '-- name: topAuthors :many', // 3
    'select id, name', // 4
    'from authors -- the ones with books', // 5
    '/* a block comment */ where id > :minId;', // 6
    '', // 7
    '-- name: oneBook :one', // 8
    '-- Describes the query, before the statement.', // 9
    'select * from books where id = :id', // 10
    '-- name: touchBook :exec', // 11
    'update books set touched = now() where id = :id;;', // 12
    '', // 13
    '-- name: deleteOld :execrows', // 14
    'delete from books where year < :year ;  -- after the end', // 15
    '', // 16
  ].join('\n')

  it('splits them at each -- name: line, with kinds and lines', () => {
    const { queries, diagnostics } = parseSqlFile(FILE, source)
    expect(diagnostics).toEqual([])
    expect(queries.map((q) => [q.name, q.kind, q.line, q.file])).toEqual([
      ['topAuthors', 'many', 3, FILE],
      ['oneBook', 'one', 8, FILE],
      ['touchBook', 'exec', 11, FILE],
      ['deleteOld', 'execrows', 14, FILE],
    ])
  })

  it('keeps comments inside a statement and drops trailing semicolons; each statement numbers its own parameters', () => {
    const { queries } = parseSqlFile(FILE, source)
    expect(queries.map((q) => q.text)).toEqual([
      'select id, name\nfrom authors -- the ones with books\n/* a block comment */ where id > $1',
      'select * from books where id = $1',
      'update books set touched = now() where id = $1',
      'delete from books where year < $1',
    ])
    expect(queries.map((q) => q.parameters)).toEqual([[required('minId')], [required('id')], [required('id')], [required('year')]])
  })

  it('an empty file, or one of blanks and comments only, has neither queries nor problems', () => {
    expect(parseSqlFile(FILE, '-- nothing yet\n/* really */\n')).toEqual({ queries: [], diagnostics: [] })
    expect(parseSqlFile(FILE, '\n  \n')).toEqual({ queries: [], diagnostics: [] })
    expect(parseSqlFile(FILE, '')).toEqual({ queries: [], diagnostics: [] })
  })
})

describe('what is and is not a parameter', () => {
  it.each<[string, string, string, { name: string; optional: boolean }[]]>([
    ['a cast after a parameter, and a cast alone', 'select :id::int, x::text, 1::bigint', 'select $1::int, x::text, 1::bigint', [required('id')]],
    ['a string', "select ':x', 'a '':x'' b', :a", "select ':x', 'a '':x'' b', $1", [required('a')]],
    ['an escape string with a quoted quote', "select E'\\':x', e'\\\\':a", "select E'\\':x', e'\\\\'$1", [required('a')]],
    ['dollar quoting', 'select $$ :x $$, $tag$ it\'s :x $tag$, :a', "select $$ :x $$, $tag$ it's :x $tag$, $1", [required('a')]],
    ['a quoted identifier', 'select ":x" from t where ":y" = :a', 'select ":x" from t where ":y" = $1', [required('a')]],
    ['line and block comments', 'select 1 -- :x\n  /* :x */ + :a /* /* :y */ :z */ + 2 -- :w', 'select 1 -- :x\n  /* :x */ + $1 /* /* :y */ :z */ + 2', [required('a')]],
    ['named arguments with :=', 'select f(a := 1, b := :b, c => :c)', 'select f(a := 1, b := $1, c => $2)', [required('b'), required('c')]],
    ['array slices', 'select a[1:2], a[:n], a[1:n], a[lo:hi][2:3] from t', 'select a[1:2], a[:n], a[1:n], a[lo:hi][2:3] from t', []],
    ['right after ( or = and before )', 'select * from t where id=:id and (:x)=f(:y,:z)', 'select * from t where id=$1 and ($2)=f($3,$4)', ['id', 'x', 'y', 'z'].map(required)],
    ['keywords as names', 'select * from t order by id limit :limit offset :offset', 'select * from t order by id limit $1 offset $2', [required('limit'), required('offset')]],
    ['names keep their case', 'select * from t where n >= :minBooks', 'select * from t where n >= $1', [required('minBooks')]],
    ['a repeated name reuses its number', 'select :x, :y, :x, :z, :y', 'select $1, $2, $1, $3, $2', ['x', 'y', 'z'].map(required)],
    ['? makes a name optional', 'select * from t where (:x? is null or a = :x) and b = :y', 'select * from t where ($1 is null or a = $1) and b = $2', [optional('x'), required('y')]],
    ['? on a later occurrence too', 'select :x, :y, :x?', 'select $1, $2, $1', [optional('x'), required('y')]],
    ['? before a cast', 'select :x?::int', 'select $1::int', [optional('x')]],
    ['a colon before a number or a space', 'select a : b, x[1 : 2]', 'select a : b, x[1 : 2]', []],
    ['an array constructor', 'select * from t where id = any(array[:a, :b])', 'select * from t where id = any(array[$1, $2])', [required('a'), required('b')]],
    ['a nested array constructor', 'select ARRAY[[:a, 1], [:b, 2]]', 'select ARRAY[[$1, 1], [$2, 2]]', [required('a'), required('b')]],
    ['inside parentheses in a subscript', 'select tags[coalesce(:i, 1)], tags[(:j)], tags[:k]', 'select tags[coalesce($1, 1)], tags[($2)], tags[:k]', [required('i'), required('j')]],
    ['a slice of an array constructor', 'select (array[:a, :b])[1:2], array[x[1:n]]', 'select (array[$1, $2])[1:2], array[x[1:n]]', [required('a'), required('b')]],
    ['after text that is not ASCII', "select 'é', '日本' as \"名前\", '😀', :a, :b", "select 'é', '日本' as \"名前\", '😀', $1, $2", [required('a'), required('b')]],
  ])('%s', (_, body, text, parameters) => {
    const query = single(body)
    expect(query.text).toBe(text)
    expect(query.parameters).toEqual(parameters)
  })

  it('a $1 inside a string or a dollar-quoted body is not a positional parameter', () => {
    const query = single("select '$1', $$ $2 $$, :a")
    expect(query.text).toBe("select '$1', $$ $2 $$, $1")
    expect(query.parameters).toEqual([required('a')])
  })
})

describe('diagnostics', () => {
  it('a statement before any -- name: line', () => {
    const source = '-- A header.\n\n  select 1;\n-- name: later :one\nselect 2'
    const { queries, diagnostics } = parseSqlFile(FILE, source)
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0]).toMatchObject({ file: FILE, position: where(source, 'select 1') })
    expect(diagnostics[0]!.message).toContain('-- name:')
    expect(diagnostics[0]!.hint).toBeDefined()
    // The named statement after it is still read.
    expect(queries.map((q) => [q.name, q.text])).toEqual([['later', 'select 2']])
  })

  it('a file without any -- name: line', () => {
    const source = '/* c */ select 1'
    const { queries, diagnostics } = parseSqlFile(FILE, source)
    expect(queries).toEqual([])
    expect(diagnostics.map((d) => d.position)).toEqual([{ line: 1, column: 9 }])
  })

  it('names that are not camelCase', () => {
    const source = '-- name: TopAuthors :many\nselect 1\n\n-- name: top-authors :many\nselect 2\n-- name: fine :one\nselect 3'
    const { queries, diagnostics } = parseSqlFile(FILE, source)
    expect(diagnostics.map((d) => d.position)).toEqual([where(source, '-- name: TopAuthors'), where(source, '-- name: top-authors')])
    expect(diagnostics.map((d) => d.position!.line)).toEqual([1, 4])
    expect(diagnostics[0]!.message).toContain('`TopAuthors`')
    expect(diagnostics[1]!.message).toContain('`top-authors`')
    expect(diagnostics.every((d) => d.file === FILE && d.hint)).toBe(true)
    expect(queries.map((q) => q.name)).toEqual(['fine'])
  })

  it('a name line without a name', () => {
    const { queries, diagnostics } = parseSqlFile(FILE, '-- name:\nselect 1')
    expect(queries).toEqual([])
    expect(diagnostics.map((d) => d.position)).toEqual([{ line: 1, column: 1 }])
  })

  it('an unknown kind, a missing kind and a word too many', () => {
    const source = 'select 0; -- before: reported too\n-- name: all :all\nselect 1\n-- name: missing\nselect 2\n-- name: extra :one more\nselect 3\n-- name: bare many\nselect 4'
    const { queries, diagnostics } = parseSqlFile(FILE, source)
    expect(queries).toEqual([])
    expect(diagnostics.map((d) => d.position)).toEqual([
      { line: 1, column: 1 },
      { line: 2, column: 1 },
      { line: 4, column: 1 },
      { line: 6, column: 1 },
      { line: 8, column: 1 },
    ])
    expect(diagnostics[1]!.message).toContain('all')
    expect(diagnostics[1]!.message).toContain('`:all`')
    expect(diagnostics[2]!.message).toContain('missing')
    expect(diagnostics[3]!.message).toContain('more')
    expect(diagnostics[4]!.message).toContain('`many`')
    expect(diagnostics.slice(1).every((d) => d.hint?.includes(':many') && d.hint.includes(':execrows'))).toBe(true)
  })

  it('a name used twice in one file', () => {
    const source = '\n-- name: byId :one\nselect 1\n\n-- name: other :one\nselect 2\n-- name: byId :many\nselect 3'
    const { queries, diagnostics } = parseSqlFile(FILE, source)
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0]!.position).toEqual({ line: 7, column: 1 })
    expect(diagnostics[0]!.message).toContain('byId')
    expect(diagnostics[0]!.message).toContain('line 2')
    // The first one stands.
    expect(queries.map((q) => [q.name, q.kind, q.text])).toEqual([
      ['byId', 'one', 'select 1'],
      ['other', 'one', 'select 2'],
    ])
  })

  it('two statements under one name', () => {
    const source = '-- name: two :many\nselect 1; select 2;\n-- name: three :exec\nselect 1;\n\n;select 2'
    const { queries, diagnostics } = parseSqlFile(FILE, source)
    expect(queries).toEqual([])
    expect(diagnostics.map((d) => d.position)).toEqual([
      { line: 2, column: 9 },
      { line: 4, column: 9 },
    ])
    expect(diagnostics[0]!.message).toContain('two')
    expect(diagnostics[1]!.message).toContain('three')
  })

  it('empty statements', () => {
    const source = [
      '-- name: semicolon :exec', // 1
      '  ;', // 2
      '-- name: nothing :exec', // 3
      '-- name: fine :one', // 4
      'select 1', // 5
      '-- name: onlyComments :one', // 6
      '   /* to do */', // 7
      '-- name: atTheEnd :many', // 8
      '', // 9
    ].join('\n')
    const { queries, diagnostics } = parseSqlFile(FILE, source)
    expect(queries.map((q) => q.name)).toEqual(['fine'])
    expect(diagnostics.map((d) => [d.message.split(' ')[1], d.position])).toEqual([
      ['semicolon', { line: 2, column: 3 }],
      // Nothing after the name line: the name line itself, not the end of the file.
      ['nothing', { line: 3, column: 1 }],
      ['onlyComments', { line: 7, column: 4 }],
      ['atTheEnd', { line: 8, column: 1 }],
    ])
    expect(diagnostics.every((d) => d.message.includes('no statement'))).toBe(true)
  })

  it('a positional $1 is rejected with a hint to name it', () => {
    const source = '-- name: positional :one\nselect *\nfrom books\nwhere id = :id and author_id = $1'
    const { queries, diagnostics } = parseSqlFile(FILE, source)
    expect(queries).toEqual([])
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0]!.position).toEqual(where(source, '$1'))
    expect(diagnostics[0]!.position).toEqual({ line: 4, column: 32 })
    expect(diagnostics[0]!.message).toContain('`$1`')
    expect(diagnostics[0]!.hint).toMatch(/`:[A-Za-z]+`/)
  })

  it('positions count characters, not bytes, after text that is not ASCII', () => {
    const source = "-- name: q :one\nselect 'café', $1"
    const { diagnostics } = parseSqlFile(FILE, source)
    expect(diagnostics.map((d) => d.position)).toEqual([where(source, '$1')])
    const before = "/* naïve */ select 'é'\n-- name: r :one\nselect 1"
    expect(parseSqlFile(FILE, before).diagnostics.map((d) => d.position)).toEqual([where(before, 'select')])
  })

  it('a file the scanner cannot read', () => {
    const { queries, diagnostics } = parseSqlFile(FILE, "-- name: q :one\nselect 'unterminated")
    expect(queries).toEqual([])
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0]).toMatchObject({ file: FILE, position: { line: 1, column: 1 } })
  })
})

describe('locate: PostgreSQL error offsets back in the file', () => {
  const source = [
    '-- name: first :one', // 1
    'select 1', // 2
    '', // 3
    '-- name: byAuthor :many', // 4
    '-- Books of an author.', // 5
    'select b.title', // 6
    'from books b', // 7
    'where b.author_id = :authorId', // 8
    '  and b.year >= :minYear? and b.nope = :authorId + 1', // 9
    '  and b.title <> $$ :x $$ and b.other = 2;', // 10
  ].join('\n')
  const query = () => parseSqlFile(FILE, source).queries[1]!

  it('the statement differs from the source', () => {
    expect(query().text).toBe(
      'select b.title\nfrom books b\nwhere b.author_id = $1\n  and b.year >= $2 and b.nope = $1 + 1\n  and b.title <> $$ :x $$ and b.other = 2',
    )
  })

  it('a token after replaced parameters on the same line', () => {
    const q = query()
    // describe.ts hands locate PostgreSQL's 1-based position minus one.
    expect(q.locate(q.text.indexOf('b.nope'))).toEqual(where(source, 'b.nope'))
    expect(where(source, 'b.nope')).toEqual({ line: 9, column: 31 })
    expect(q.locate(q.text.indexOf('+ 1'))).toEqual(where(source, '+ 1'))
  })

  it('a token on a later line than the parameters', () => {
    const q = query()
    expect(q.locate(q.text.indexOf('b.other'))).toEqual(where(source, 'b.other'))
    expect(q.locate(q.text.indexOf('$$ :x'))).toEqual(where(source, '$$ :x'))
  })

  it('a parameter itself, and the start of the statement', () => {
    const q = query()
    expect(q.locate(q.text.indexOf('$2'))).toEqual(where(source, ':minYear?'))
    expect(q.locate(q.text.indexOf('$2') + 1)).toEqual(at(source, source.indexOf(':minYear?') + 1))
    expect(q.locate(q.text.indexOf('$1', q.text.indexOf('b.nope')))).toEqual(where(source, ':authorId', 1))
    expect(q.locate(0)).toEqual({ line: 6, column: 1 })
  })

  it('the end of the statement (an error at the end of input)', () => {
    const q = query()
    expect(q.locate(q.text.length)).toEqual(where(source, ';'))
  })

  it('the first query maps into its own lines', () => {
    const first = parseSqlFile(FILE, source).queries[0]!
    expect(first.locate(first.text.indexOf('1'))).toEqual({ line: 2, column: 8 })
  })

  it('a $10 longer than the :j it stands for stays inside it', () => {
    const names = 'abcdefghij'.split('')
    const source = `-- name: ten :one\nselect ${names.map((n) => `:${n}`).join(', ')}, done`
    const q = parseSqlFile(FILE, source).queries[0]!
    expect(q.text).toBe(`select ${names.map((_, i) => `$${i + 1}`).join(', ')}, done`)
    const ten = q.text.indexOf('$10')
    expect(q.locate(ten)).toEqual(where(source, ':j'))
    expect(q.locate(ten + 2)).toEqual(where(source, 'j,'))
    expect(q.locate(ten + 3)).toEqual(where(source, ', done'))
    expect(q.locate(q.text.indexOf('done'))).toEqual(where(source, 'done'))
  })

  it('after text that is not ASCII', () => {
    const source = "-- name: q :one\nselect 'été', :a,\n  'ü' || :b || nope"
    const q = parseSqlFile(FILE, source).queries[0]!
    expect(q.text).toBe("select 'été', $1,\n  'ü' || $2 || nope")
    expect(q.locate(q.text.indexOf('nope'))).toEqual(where(source, 'nope'))
    expect(where(source, 'nope')).toEqual({ line: 3, column: 16 })
  })
})

// Random statements built from pieces whose meaning is known: plain words, pieces PostgreSQL
// reads as one token (strings, dollar-quoted bodies, quoted identifiers, comments, casts,
// `:=`, slices) that hold `:word` without it being a parameter, and real parameters.
type Piece =
  | { kind: 'plain'; source: string }
  | { kind: 'opaque'; source: string }
  | { kind: 'parameter'; name: string; optional: boolean; before: string; after: string }

const paramName = fc.integer({ min: 0, max: 5 }).map((n) => `p${n}`)
const word = fc.constantFrom('x', 'p0', 'p1', 'p2', 'limit', 'name', 'id')

const plain: fc.Arbitrary<Piece> = fc.constantFrom('a', 'b.c', 'from', 't', 'where', 'and', '=', '+', ',', '1', '42', 'null', 'limit').map((source) => ({ kind: 'plain', source }))

const opaque: fc.Arbitrary<Piece> = fc
  .oneof(
    word.map((w) => `':${w}'`),
    word.map((w) => `'it''s :${w}'`),
    word.map((w) => `E'\\' :${w}'`),
    word.map((w) => `$$ :${w} $$`),
    fc.tuple(fc.constantFrom('a', 'tag', 'q1'), word).map(([tag, w]) => `$${tag}$ it's :${w} $${tag}$`),
    word.map((w) => `":${w}"`),
    word.map((w) => `-- :${w}\n`),
    word.map((w) => `/* :${w} */`),
    fc.constantFrom('x::int', "'a'::text", '1::bigint', 'f(a := 1)', 'a[1:2]'),
    word.map((w) => `a[:${w}]`),
    word.map((w) => `a[1:${w}]`),
  )
  .map((source) => ({ kind: 'opaque', source }))

const parameter: fc.Arbitrary<Piece> = fc
  .tuple(
    paramName,
    fc.boolean(),
    fc.constantFrom<[string, string]>(['', ''], ['(', ')'], ['=', ''], ['f(', ', 1)'], ['array[', ']'], ['tags[(', ')]']),
    fc.constantFrom('', '::int', '::text[]'),
  )
  .map(([name, optional, [before, after], cast]) => ({ kind: 'parameter', name, optional, before, after: cast + after }))

const sourceOf = (piece: Piece) => (piece.kind === 'parameter' ? `${piece.before}:${piece.name}${piece.optional ? '?' : ''}${piece.after}` : piece.source)

const statement = fc.array(fc.oneof(plain, opaque, parameter, parameter), { maxLength: 14 })

describe('property: random statements', () => {
  it('parameters are exactly the real ones, and nothing else changes', () => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 3 }), fc.array(fc.constantFrom('many', 'one', 'exec', 'execrows'), { minLength: 3, maxLength: 3 }), (statements, kinds) => {
        // Build the file, recording where each piece is in it and in the expected text.
        let source = '-- Generated.\n'
        const expected = statements.map((pieces, s) => {
          const line = source.split('\n').length
          source += `-- name: q${s} :${kinds[s]}\n`
          const start = source.length
          const parameters: { name: string; optional: boolean }[] = []
          let text = ''
          const marks: { textOffset: number; fileOffset: number }[] = []
          const parts = [{ kind: 'plain', source: 'select' } as Piece, ...pieces, { kind: 'plain', source: 'end' } as Piece]
          parts.forEach((piece, i) => {
            if (i > 0) {
              source += ' '
              text += ' '
            }
            marks.push({ textOffset: text.length, fileOffset: source.length })
            if (piece.kind === 'parameter') {
              let index = parameters.findIndex((p) => p.name === piece.name)
              if (index === -1) index = parameters.push({ name: piece.name, optional: piece.optional }) - 1
              else if (piece.optional) parameters[index]!.optional = true
              text += piece.before
              marks.push({ textOffset: text.length, fileOffset: source.length + piece.before.length })
              text += `$${index + 1}${piece.after}`
            } else text += piece.source
            source += sourceOf(piece)
          })
          const written = source.slice(start)
          source += s % 2 === 0 ? ';\n\n' : '\n'
          return { name: `q${s}`, kind: kinds[s], line, text, parameters, marks, written, pieces }
        })

        const result = parseSqlFile(FILE, source)
        expect(result.diagnostics).toEqual([])
        expect(result.queries.map((q) => [q.name, q.kind, q.line])).toEqual(expected.map((e) => [e.name, e.kind, e.line]))
        result.queries.forEach((query, s) => {
          const e = expected[s]!
          // Exactly the real parameters, in order of first appearance.
          expect(query.parameters).toEqual(e.parameters)
          expect(query.text).toBe(e.text)
          // No :pN is left outside the pieces that quote it.
          let outside = query.text
          for (const piece of e.pieces) if (piece.kind === 'opaque') outside = outside.replace(piece.source, ' ')
          expect(outside).not.toMatch(/:p\d/)
          // Putting the names back gives the statement as written, less the `?`.
          const back = query.text.replace(/\$(\d+)/g, (_, k: string) => `:${query.parameters[Number(k) - 1]!.name}`)
          expect(back).toBe(e.written.replace(/(:p\d)\?/g, '$1'))
          // Each piece (and each parameter) maps back to where it is in the file.
          for (const mark of e.marks) expect(query.locate(mark.textOffset)).toEqual(at(source, mark.fileOffset))
        })
      }),
      { numRuns: 300 },
    )
  })
})
