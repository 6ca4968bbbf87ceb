/**
 * `dbridge-cli/register`: lets Node import TypeScript files directly
 * (`node --import dbridge-cli/register script.ts`).
 */
import { registerTypeScriptHooks } from '../load/hooks.js'

registerTypeScriptHooks()
