/** Import declarations of generated modules. */
import type { Statement } from './syntax.js'

/** `import { a, type B } from 'module'`, or `import type { B } from 'module'` when only types are imported. */
export function importsFrom(module: string, values: readonly string[], types: readonly string[]): Statement {
  return { kind: 'import', module, values, types }
}
