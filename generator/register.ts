/**
 * `dbridge/register`: lets Node import TypeScript files directly
 * (`node --import dbridge/register script.ts`).
 */
import { registerTypeScriptHooks } from './hooks.js'

registerTypeScriptHooks()
