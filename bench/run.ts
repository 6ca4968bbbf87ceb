/**
 * `npm run bench`: runtime ratios against hand-written postgres.js and generator timings.
 * Prints a report and writes it to bench/results/latest.md (`--only=<section>`: prints only). `--quick` runs briefly (a
 * smoke test; its figures mean little). Uses DATABASE_URL, or an embedded PostgreSQL.
 *
 * `--only=soak` runs the soak benchmark alone (10 minutes, `--quick` 60 s; never part of
 * a plain `npm run bench`): it starts its own embedded PostgreSQL, writes
 * bench/results/soak.md (latest.md is left as it is) and exits with 1 when a check fails.
 */
import { writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { generatorBenchmarks, typedSqlGeneratorBenchmarks } from './generator.bench.js'
import { markdownTable } from './harness.js'
import { keptSections } from './results-file.js'
import { runtimeBenchmarks } from './runtime.bench.js'
import { migrateBenchmarks } from './migrate.bench.js'
import { depthBenchmarks, depthTable } from './depth.bench.js'
import { queryBenchmarks } from './queries.bench.js'
import { testingBenchmarks } from './testing.bench.js'
import { soakBenchmark } from './soak/index.js'

const quick = process.argv.includes('--quick')
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length)

const sections: string[] = []
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`
sections.push(`# dbridge benchmarks\n\n${new Date().toISOString().slice(0, 10)} on ${machine}${quick ? ' (quick run: figures are indicative only)' : ''}.`)

if (only === 'soak') {
  const minutes = process.argv.find((a) => a.startsWith('--minutes='))?.slice('--minutes='.length)
  const { markdown, ok } = await soakBenchmark({ quick, minutes: minutes === undefined ? undefined : Number(minutes) })
  const report = `# dbridge soak\n\n${new Date().toISOString().slice(0, 10)} on ${machine}${quick ? ' (quick run)' : ''}.\n\n${markdown}\n`
  writeFileSync(new URL('./results/soak.md', import.meta.url), report)
  console.log(report)
  if (!ok) console.error('soak: a check failed (see the Checks table)')
  process.exit(ok ? 0 : 1)
}

if (!only || only === 'runtime') {
  const results = await runtimeBenchmarks({ quick })
  sections.push(
    '## Runtime: generated client vs hand-written postgres.js\n\n' +
      'Medians of interleaved calls in one process (pool of 4 each); ratio = median / median of the fastest baseline.\n\n' +
      markdownTable(results),
  )
  console.log(sections.at(-1) + '\n')
}

if (!only || only === 'queries') {
  const results = await queryBenchmarks({ quick })
  sections.push(
    '## Queries beyond CRUD: groupBy, keyset and offset pages, JSON paths (100,000 rows)\n\n' +
      'Medians of interleaved calls in one process (pool of 4 each); ratio = median / median of the hand-written statement.\n\n' +
      markdownTable(results),
  )
  console.log(sections.at(-1) + '\n')
}

if (!only || only === 'generator') {
  const results = [...(await generatorBenchmarks({ quick, tables: 200 })), ...(await typedSqlGeneratorBenchmarks({ quick }))]
  sections.push(
    '## Generator\n\n| what | median ms | runs |\n|---|---:|---:|\n' +
      results.map((r) => `| ${r.name} | ${r.medianMs.toFixed(0)} | ${r.samples} |`).join('\n'),
  )
  console.log(sections.at(-1) + '\n')
}

if (!only || only === 'migrate') {
  const results = await migrateBenchmarks({ quick })
  sections.push(
    '## Migrations: introspection + diff\n\n| database | introspect ms | diff ms | total ms | runs |\n|---|---:|---:|---:|---:|\n' +
      results.map((r) => `| ${r.tables} tables | ${r.introspectMs.toFixed(0)} | ${r.diffMs.toFixed(0)} | ${r.totalMs.toFixed(0)} | ${r.runs} |`).join('\n'),
  )
  console.log(sections.at(-1) + '\n')
}

if (!only || only === 'depth') {
  const report = await depthBenchmarks({ quick })
  sections.push(
    '## Depth: concurrency, batch, COPY, stream\n\n' +
      'Medians of rounds that alternate (or shuffle) the variants in one process; streams run in a fresh process each. ' +
      'Ratio = median time / median time of the baseline.\n\n' +
      depthTable(report),
  )
  console.log(sections.at(-1) + '\n')
}

if (!only || only === 'testing') {
  const results = await testingBenchmarks({ quick })
  sections.push(
    '## Test databases (dbridge/testing)\n\n| what | median ms | min-max ms | runs |\n|---|---:|---:|---:|\n' +
      results.map((r) => `| ${r.name} | ${r.medianMs.toFixed(0)} | ${r.spreadMs[0].toFixed(0)}-${r.spreadMs[1].toFixed(0)} | ${r.samples} |`).join('\n'),
  )
  console.log(sections.at(-1) + '\n')
}

// A full run replaces latest.md (keeping the sections other commands wrote, bench:peers);
// `--only=<section>` only prints, so that one section cannot wipe out the others' figures.
if (!only) writeFileSync(new URL('./results/latest.md', import.meta.url), [...sections, ...keptSections()].join('\n\n') + '\n')
