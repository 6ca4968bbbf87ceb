/** Runs the lookup phase (lookup-worker.ts) in a fresh process and returns its report. */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { LookupReport, LookupSettings } from './lookup-worker.js'

export function runLookups(settings: LookupSettings): Promise<LookupReport> {
  const worker = fileURLToPath(new URL('./lookup-worker.ts', import.meta.url))
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...process.execArgv, worker],
      { env: { ...process.env, SOAK_LOOKUPS: JSON.stringify(settings) }, maxBuffer: 1 << 22 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`the lookup phase failed: ${stderr || error.message}`))
        resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as LookupReport)
      },
    )
  })
}
