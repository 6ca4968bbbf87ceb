/**
 * `dbridge/register`: lets Node import TypeScript files directly
 * (`node --import dbridge/register script.ts`). The generator uses the same hooks to load
 * schema files.
 */
import { register } from 'node:module'

const key = Symbol.for('dbridge.tsHooksRegistered')

export function registerTypeScriptHooks(): void {
  const store = globalThis as unknown as Record<symbol, boolean>
  if (store[key]) return
  register('./ts-hooks.js', import.meta.url)
  store[key] = true
  process.setSourceMapsEnabled(true)
}

registerTypeScriptHooks()
