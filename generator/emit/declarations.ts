/**
 * A generated TypeScript module's declarations (`emit: 'js'`, the `.d.ts` beside the `.js`),
 * cut from its own text: imports, interfaces, type aliases and re-exports as they are;
 * functions without their bodies; exported constants as `declare const` with their
 * annotation, or for the few the emitters leave unannotated (zod schemas, `as const`
 * lists) the type declared-types.ts reads from the initializer. Doc comments stay, so
 * hovers read as they do on the TypeScript.
 *
 * Why not TypeScript's declaration emit: it needs a program, and costs 0.5-1 s for a
 * 200-table client even without type checking (`transpileDeclaration` per file, 1.3-2.3 s);
 * the generated modules are declarations-first by construction (every function and
 * exported value but the zod schemas is annotated), so cutting them is exact and takes
 * milliseconds. A construct this does not know is an internal error, not a guess.
 */
import type * as TypeScript from 'typescript'
import { DeclaredTypes } from './declared-types.js'

export function declarationsOf(ts: typeof TypeScript, file: TypeScript.SourceFile): string {
  const text = file.text
  const types = new DeclaredTypes(ts, file)
  const fail = (node: TypeScript.Node): never => {
    throw new Error(`internal error: cannot declare \`${node.getText(file).split('\n')[0]}\` of generated ${file.fileName}`)
  }
  const exported = (node: TypeScript.Statement) =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)
  /** The statement's doc comments and text from its first token up to `end`. */
  const cut = (statement: TypeScript.Statement, end = statement.getEnd()) => {
    const docs = (ts.getLeadingCommentRanges(text, statement.getFullStart()) ?? []).filter((range) => text.startsWith('/**', range.pos))
    const from = docs[0]?.pos ?? statement.getStart(file)
    return text.slice(from, end)
  }

  const parts: { statement: TypeScript.Statement; text: string }[] = []
  for (const statement of file.statements) {
    if (
      ts.isImportDeclaration(statement) ||
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      ts.isExportDeclaration(statement)
    ) {
      parts.push({ statement, text: cut(statement) })
    } else if (ts.isFunctionDeclaration(statement)) {
      if (!exported(statement)) continue
      if (!statement.type || !statement.body) fail(statement)
      const signature = cut(statement, statement.body!.getFullStart()).trimEnd()
      parts.push({ statement, text: signature.replace(/^((?:\/\*\*[\s\S]*?\*\/\s*)?)export (async )?function/, '$1export declare function') + ';' })
    } else if (ts.isVariableStatement(statement)) {
      if (!exported(statement)) continue
      const list = statement.declarationList
      if (!(list.flags & ts.NodeFlags.Const)) fail(statement)
      const docs = cut(statement, statement.getStart(file))
      const declared = list.declarations.map((declaration) => {
        if (!ts.isIdentifier(declaration.name) || !declaration.initializer) return fail(statement)
        const name = declaration.name.text
        const type = declaration.type ? declaration.type.getText(file) : types.declare(name, declaration.initializer)
        return `export declare const ${name}: ${type};`
      })
      parts.push({ statement, text: docs + declared.join('\n') })
    } else {
      fail(statement)
    }
  }

  const header = /^\/\/[^\n]*\n/.exec(text)?.[0] ?? ''
  let out = header
  parts.forEach((part, i) => {
    // A blank line where the module has one between two kept statements.
    const previous = parts[i - 1]?.statement
    const gap = previous ? text.slice(previous.getEnd(), part.statement.getStart(file)) : ''
    out += (i > 0 && /\n[ \t]*\n/.test(gap) ? '\n' : '') + part.text + '\n'
  })
  return out
}
