/** The soak's findings as markdown, and the checks that fail the run. */
import type { FaultLog } from './faults.js'
import type { LookupReport, LookupWindow, Variant } from './lookup-worker.js'
import { cpuPerCall, windowsBetween, type ErrorTally, type Window } from './stats.js'
import type { Supervisor } from './supervisor.js'
import type { Verification } from './verify.js'

export interface SoakFindings {
  quick: boolean
  durationMs: number
  inFlight: number
  pool: number
  serverVersion: string
  settings: Record<string, string>
  supervisor: Supervisor
  faults: FaultLog
  verification: Verification
  lookups: LookupReport
  /** The same lookups with dbridge alone in its process. */
  alone: LookupReport
}

export interface Check {
  name: string
  value: number
  ok: boolean
}

const int = (n: number) => Math.round(n).toLocaleString('en')

/** `median (min-max)` of `values`. */
function spread(values: readonly number[], digits = 0): string {
  if (values.length === 0) return '-'
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return `${median.toFixed(digits)} (${sorted[0]!.toFixed(digits)}-${sorted.at(-1)!.toFixed(digits)})`
}
const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-')

export function checks(f: SoakFindings): Check[] {
  const s = f.supervisor
  const v = f.verification
  const other = Object.entries(s.errors)
    .filter(([key]) => key.startsWith('other|'))
    .reduce((sum, [, n]) => sum + n, 0)
  const list: [string, number][] = [
    ['crashes of the workload process', s.crashes.length],
    [`hung calls (not settled within 30 s)`, s.hung.length + s.unsettled],
    ['acknowledged rows missing', v.missing + v.wrongId],
    ['acknowledged increments missing', v.missingIncrements],
    ['rows of rolled-back transactions or savepoints present', v.resurrected],
    ['increments applied beyond those sent', v.extraIncrements],
    ['errors of class other (not a DbError)', other],
    ['unexpected errors (neither a ConnectionError nor the call’s purpose)', s.unexpected.length],
  ]
  return list.map(([name, value]) => ({ name, value, ok: value === 0 }))
}

/** Windows grouped into periods of `periodMs` (a minute; 10 s in a quick run). */
function periods(windows: readonly Window[], periodMs: number, endMs: number): Window[][] {
  const out: Window[][] = []
  for (let from = 0; from < endMs; from += periodMs) {
    const group = windowsBetween(windows, from, from + periodMs)
    if (group.length > 0) out.push(group)
  }
  return out
}

function summarize(group: readonly Window[]) {
  const calls = group.reduce((sum, w) => sum + w.calls, 0)
  const ms = group.reduce((sum, w) => sum + w.durationMs, 0)
  const last = group.at(-1)!
  return { calls, perSecond: (calls / ms) * 1000, cpuUs: cpuPerCall(group), rssMb: last.rssMb, heapMb: last.heapMb, atMs: last.atMs }
}

function errorRows(errors: ErrorTally): string[] {
  return Object.entries(errors)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, count]) => {
      const [cls, name, code, cause, statement] = key.split('|')
      return `| ${cls} | ${name} | ${code} | ${cause || '-'} | ${statement || '-'} | ${int(count)} |`
    })
}

export function renderReport(f: SoakFindings): string {
  const s = f.supervisor
  const v = f.verification
  const calls = Object.values(s.byOp).reduce((sum, n) => sum + (n ?? 0), 0)
  const failed = Object.values(s.errors).reduce((sum, n) => sum + n, 0)
  const periodMs = f.quick ? 10_000 : 60_000
  const byPeriod = periods(s.windows, periodMs, f.durationMs + periodMs).map(summarize)
  // Start: the first period after the workload's first window (connections opening, code
  // not yet optimized); end: the last period.
  const warmupMs = s.windows[0]?.atMs ?? 0
  const startWindows = windowsBetween(s.windows, warmupMs, warmupMs + periodMs)
  const endAt = s.windows.at(-1)?.atMs ?? 0
  const endWindows = windowsBetween(s.windows, endAt - periodMs, endAt)
  const first = startWindows.length > 0 ? summarize(startWindows) : undefined
  const last = endWindows.length > 0 ? summarize(endWindows) : undefined
  const restart = f.faults.restarts[0]
  const lines: string[] = []
  lines.push(
    `${(f.durationMs / 60_000).toFixed(f.quick ? 1 : 0)} minutes of mixed calls through dbridge, ${f.inFlight} in flight over a pool of ${f.pool}, ` +
      `in a child process, against a throwaway embedded PostgreSQL ${f.serverVersion} ` +
      `(${Object.entries(f.settings)
        .map(([k, val]) => `${k}=${val}`)
        .join(', ')}), ` +
      `while a backend was terminated every 2-5 s and the server was restarted once.`,
    '',
    'Durability is PostgreSQL’s default, so that an acknowledged commit is on disk: the embedded server’s own default ' +
      '(synchronous_commit off) would lose nothing in a clean stop and start either (a fast shutdown writes every commit ' +
      'out), but it would in a crash, and the ledger check must hold whatever stopped the server.',
  )
  lines.push('', '### Checks', '', '| check | value | |', '|---|---:|---|')
  for (const check of checks(f)) lines.push(`| ${check.name} | ${int(check.value)} | ${check.ok ? 'ok' : '**FAILED**'} |`)
  lines.push(
    '',
    '### Workload',
    '',
    '| figure | value |',
    '|---|---:|',
    `| calls | ${int(calls)} |`,
    `| calls/s | ${int((calls / f.durationMs) * 1000)} |`,
    `| latency p50 / p99 (ms, every call) | ${fixed(s.latency.quantile(0.5), 2)} / ${fixed(s.latency.quantile(0.99), 1)} |`,
    `| calls by kind | ${Object.entries(s.byOp)
      .map(([op, n]) => `${op} ${int(n ?? 0)}`)
      .join(', ')} |`,
    `| failed calls (not counting ${int(s.intended)} that failed on purpose) | ${int(failed)} |`,
    `| backends terminated | ${int(f.faults.killed)} |`,
    restart
      ? `| server restart at ${fixed(restart.atMs / 1000, 0)} s: stop / downtime until a connection was answered | ${int(restart.stopMs)} ms / ${int(restart.downtimeMs)} ms |`
      : '| server restart | none |',
    `| crashes | ${s.crashes.length} |`,
  )
  lines.push('', '### Errors by class and code', '', '| class | error | code | from (driver or socket) | failed statement | calls |', '|---|---|---|---|---|---:|', ...errorRows(s.errors))
  if (s.unexpected.length > 0) lines.push('', 'Unexpected errors (first ones):', '', ...s.unexpected.map((line) => `- ${line}`))
  if (s.crashes.length > 0) lines.push('', 'Crashes:', '', ...s.crashes.map((c) => `- at ${fixed(c.atMs / 1000, 0)} s, ${c.how}: ${c.stderr.trim().split('\n').slice(-5).join(' / ')}`))
  if (s.hung.length > 0) lines.push('', 'Hung calls:', '', ...s.hung.slice(0, 20).map((line) => `- ${line}`))
  lines.push(
    '',
    '### Ledger',
    '',
    '| what | checked | finding |',
    '|---|---:|---|',
    `| acknowledged rows | ${int(v.presentChecked)} | ${int(v.missing)} missing, ${int(v.wrongId)} with another id |`,
    `| rows of rolled-back transactions and savepoints | ${int(v.absentChecked)} | ${int(v.resurrected)} present |`,
    `| rows whose call failed where it may have run | ${int(v.unknownChecked)} | ${int(v.unknownFound)} present (either is right) |`,
    `| increments: acknowledged / failed / applied | ${int(v.incrementsAcked)} / ${int(v.incrementsMaybe)} / ${int(v.incrementsApplied)} | ${int(v.missingIncrements)} missing, ${int(v.extraIncrements)} beyond those sent |`,
  )
  if (v.samples.length > 0) lines.push('', ...v.samples.map((line) => `- ${line}`))
  lines.push(
    '',
    `### Cost per call over the run (per ${f.quick ? '10 s' : 'minute'})`,
    '',
    'Node CPU time (user + system) of the workload process per call settled, and its memory at the end of each period ' +
      '(the heap after a full collection: what stays alive); ' +
      'the periods with the restart and with kills cost more CPU per call (reconnects, retries).',
    '',
    `| until | calls/s | CPU µs/call | RSS MB | live heap MB |`,
    '|---:|---:|---:|---:|---:|',
    ...byPeriod.map((p) => `| ${fixed(p.atMs / 1000, 0)} s | ${int(p.perSecond)} | ${fixed(p.cpuUs, 0)} | ${fixed(p.rssMb, 0)} | ${fixed(p.heapMb, 0)} |`),
  )
  if (first && last) {
    lines.push(
      '',
      `Start -> end (the ${f.quick ? '10 s' : 'minute'} after the first window, and the last ${f.quick ? '10 s' : 'minute'}): ` +
        `CPU ${fixed(first.cpuUs, 0)} -> ${fixed(last.cpuUs, 0)} µs per call, ` +
        `RSS ${fixed(first.rssMb, 0)} -> ${fixed(last.rssMb, 0)} MB, live heap ${fixed(first.heapMb, 0)} -> ${fixed(last.heapMb, 0)} MB.`,
    )
  }
  lines.push(
    '',
    `Per ${f.quick ? '10 s' : 'minute'}, median (min-max): calls/s ${spread(byPeriod.map((p) => p.perSecond))}, ` +
      `CPU µs/call ${spread(byPeriod.map((p) => p.cpuUs))}, RSS MB ${spread(byPeriod.map((p) => p.rssMb))}, ` +
      `live heap MB ${spread(byPeriod.map((p) => p.heapMb))}.`,
  )
  const lw = f.lookups.windows
  const total = lw.at(-1)?.done ?? 0
  lines.push(
    '',
    `### Lookups: ${int(total)} findById per client, ${f.inFlight} in flight over a pool of ${f.pool} each, one process`,
    '',
    'Windows alternate the clients (and their order); Node CPU µs per call in each. No faults in this phase.',
    '',
    '| lookups so far | dbridge CPU µs/call | postgres.js CPU µs/call | dbridge calls/s | postgres.js calls/s |',
    '|---:|---:|---:|---:|---:|',
    ...lw.map(
      (w) =>
        `| ${int(w.done)} | ${fixed(w.cpuUsPerCall.dbridge ?? Number.NaN)} | ${fixed(w.cpuUsPerCall['postgres.js'] ?? Number.NaN)} | ${int(w.callsPerSecond.dbridge ?? Number.NaN)} | ${int(w.callsPerSecond['postgres.js'] ?? Number.NaN)} |`,
    ),
    '',
    `Process RSS ${fixed(f.lookups.rssMb.start, 0)} -> ${fixed(f.lookups.rssMb.end, 0)} MB over the phase.`,
  )
  const summary = (label: string, windows: readonly LookupWindow[], name: Variant) => {
    const third = Math.max(1, Math.floor(windows.length / 3))
    const cpu = windows.map((w) => w.cpuUsPerCall[name] ?? Number.NaN)
    return (
      `- ${label}: CPU µs/call ${spread(cpu, 1)} over the windows; the first third ${spread(cpu.slice(0, third), 1)}, ` +
      `the last third ${spread(cpu.slice(-third), 1)}; calls/s ${spread(windows.map((w) => w.callsPerSecond[name] ?? Number.NaN))}.`
    )
  }
  lines.push(
    '',
    'Median (min-max) over the windows:',
    '',
    summary('dbridge', lw, 'dbridge'),
    summary('postgres.js', lw, 'postgres.js'),
    summary(`dbridge alone in a process of its own (the same ${int(f.alone.windows.at(-1)?.done ?? 0)} lookups, RSS ${fixed(f.alone.rssMb.start, 0)} -> ${fixed(f.alone.rssMb.end, 0)} MB)`, f.alone.windows, 'dbridge'),
  )
  return lines.join('\n')
}
