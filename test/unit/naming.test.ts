import { describe, expect, it } from 'vitest'
import { constraintName, indexName, rowTypeName, singular, snakeCase } from '../../schema/naming.js'
import { globBase, globToRegExp } from '../../generator/load/glob.js'

describe('naming', () => {
  it('snake_case keeps digit runs with what precedes them and acronyms together', () => {
    expect(snakeCase('region1Id')).toBe('region1_id')
    expect(snakeCase('createdAt')).toBe('created_at')
    expect(snakeCase('address2Line')).toBe('address2_line')
    expect(snakeCase('htmlURL')).toBe('html_url')
    expect(snakeCase('URLPath')).toBe('url_path')
    expect(snakeCase('id')).toBe('id')
  })

  it('row type names are the PascalCase singular of the export name', () => {
    const cases: [string, string][] = [
      ['books', 'Book'],
      ['categories', 'Category'],
      ['addresses', 'Address'],
      ['boxes', 'Box'],
      ['people', 'Person'],
      ['orderItems', 'OrderItem'],
      ['bookGenres', 'BookGenre'],
      ['status', 'Status'],
      ['news', 'News'],
      ['class', 'Class'],
    ]
    for (const [name, type] of cases) expect(rowTypeName(name), name).toBe(type)
    expect(singular('statuses')).toBe('status')
  })

  it('long constraint names are shortened with a stable hash, never past 63 bytes', () => {
    const name = constraintName(['a'.repeat(40), 'b'.repeat(40)], 'fkey')
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63)
    expect(name).toMatch(/_[0-9a-f]{8}_fkey$/)
    expect(constraintName(['a'.repeat(40), 'b'.repeat(40)], 'fkey')).toBe(name)
    expect(constraintName(['books', 'author_id'], 'fkey')).toBe('books_author_id_fkey')
  })
})

it('index names list their keys; an expression key counts as its first name', () => {
  expect(indexName('books', [{ name: 'author_id', desc: false }])).toBe('books_author_id_idx')
  expect(indexName('books', [{ expression: "to_tsvector('english', title)", desc: false }])).toBe('books_to_tsvector_idx')
  expect(indexName('books', [{ expression: '(LOWER(title))', desc: true }, { name: 'pages', desc: true }])).toBe('books_lower_pages_idx')
  expect(indexName('books', [{ expression: "'x' || 1", desc: false }])).toBe('books_x_idx')
})

describe('globs', () => {
  it('matches like a shell', () => {
    expect(globToRegExp('schema/**/*.schema.ts').test('schema/a.schema.ts')).toBe(true)
    expect(globToRegExp('schema/**/*.schema.ts').test('schema/x/y/a.schema.ts')).toBe(true)
    expect(globToRegExp('schema/**/*.schema.ts').test('schema/a.schema.tsx')).toBe(false)
    expect(globToRegExp('*.{schema,model}.ts').test('a.model.ts')).toBe(true)
    expect(globToRegExp('a?.ts').test('ab.ts')).toBe(true)
    expect(globToRegExp('a?.ts').test('a/.ts')).toBe(false)
    expect(globBase('schema/**/*.ts')).toBe('schema')
    expect(globBase('*.ts')).toBe('.')
  })
})
