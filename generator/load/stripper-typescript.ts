/**
 * What ts-blank-space gets for its `import ts from 'typescript'` on the generator's thread:
 * the module hooks (hooks.ts, ts-hooks.ts) resolve that one import here. It is the compiler
 * bundled with ts-morph, which the generator loads anyway; ts-blank-space's own `typescript`
 * dependency would be a second copy of the compiler, as costly to load as the first.
 */
import type * as TypeScript from 'typescript'
import { lendTypescript } from './typescript.js'

const ts: typeof TypeScript = lendTypescript()
export default ts
