/**
 * A generated module as text: its header line, then its statements (imports one per line,
 * a blank line before every other statement), each laid out within the print width the
 * way prettier lays it out (test/generator/prettier-oracle.test.ts holds the two together).
 */
import { group, hardline, ifBreak, indent, indentIfBreak, join, line, printDoc, softline, type Doc } from './doc.js'
import { stringLiteral } from './literals.js'
import { printAssignment, printExpression } from './print-expression.js'
import { printMember, printType, shouldHugUnion } from './print-type.js'
import type { Statement, TypeNode } from './syntax.js'

export const printWidth = 110

/** A doc comment: `/** text *\/` on one line, or one line per line of text (paragraphs separated by `\n\n`). */
function printDocComment(text: string): Doc {
  if (!text.includes('\n')) return `/** ${text} */`
  const lines = text.split('\n').map((l) => (l === '' ? ' *' : ` * ${l}`))
  return join(hardline, ['/**', ...lines, ' */'])
}

function withDocs(docs: readonly string[] | undefined, statement: Doc): Doc {
  return [...(docs ?? []).map((text) => [printDocComment(text), hardline]), statement]
}

/** `{ a, b }`: a single name never breaks; more break one per line. */
function printSpecifiers(names: readonly string[]): Doc {
  if (names.length === 1) return ['{ ', names[0]!, ' }']
  return group(['{', indent([line, join([',', line], names)]), ifBreak(','), line, '}'])
}

function printStatement(statement: Statement): Doc {
  switch (statement.kind) {
    case 'import': {
      const typeOnly = statement.values.length === 0
      const names = typeOnly ? statement.types : [...statement.values, ...statement.types.map((name) => `type ${name}`)]
      return ['import', typeOnly ? ' type' : '', ' ', printSpecifiers(names), ' from ', stringLiteral(statement.module)]
    }
    case 'exportFrom':
      return ['export', statement.typeOnly ? ' type' : '', ' ', printSpecifiers(statement.names), ' from ', stringLiteral(statement.module)]
    case 'interface': {
      const heritage = statement.extends ? ['extends ', printType(statement.extends, 'argument'), ' '] : ''
      const body = statement.members.length === 0 ? '{}' : ['{', indent([hardline, join(hardline, statement.members.map(printMember))]), hardline, '}']
      return withDocs(statement.docs, ['export interface ', statement.name, ' ', heritage, body])
    }
    case 'typeAlias':
      return withDocs(statement.docs, ['export ', printTypeAlias(statement.name, statement.type)])
    case 'const': {
      const left: Doc = statement.type ? [statement.name, ': ', printType(statement.type)] : statement.name
      const assignment = printAssignment(left, ' =', statement.init, { annotation: statement.type })
      return withDocs(statement.docs, ['export ', group(['const ', assignment])])
    }
    case 'function': {
      const params = statement.params.map((p) => [p.name, p.optional ? '?' : '', ': ', printType(p.type)])
      const signature = group(['(', indent([softline, join([',', line], params)]), ifBreak(','), softline, ')', ': ', printType(statement.returnType)])
      const body = ['{', indent([hardline, 'return ', printExpression(statement.returns, 'return')]), hardline, '}']
      return withDocs(statement.docs, ['export function ', statement.name, signature, ' ', body])
    }
  }
}

/** `type Name = T`: a union that does not fit starts on the next line, one member per line. */
function printTypeAlias(name: string, type: TypeNode): Doc {
  const left: Doc = ['type ', name]
  if (type.kind === 'union' && !shouldHugUnion(type.types)) return group([group(left), ' =', group(indent([line, printType(type, 'alias')]))])
  const id = Symbol('assignment')
  return group([group(left), ' =', group(indent(line), { id }), indentIfBreak(printType(type, 'alias'), id)])
}

/** The text of a module: the header line, then the statements. */
export function printModule(header: string, statements: readonly Statement[]): string {
  const parts: Doc[] = [header]
  statements.forEach((statement, i) => {
    const previous = statements[i - 1]
    parts.push(hardline)
    if (previous && !(previous.kind === 'import' && statement.kind === 'import')) parts.push(hardline)
    parts.push(printStatement(statement))
  })
  parts.push(hardline)
  return printDoc(parts, printWidth)
}
