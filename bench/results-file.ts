/**
 * bench/results/latest.md gathers every benchmark's latest figures. `npm run bench` rewrites
 * its own sections; the other commands (bench:peers) keep theirs between markers, which a
 * rewrite carries over.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

const latest = new URL('./results/latest.md', import.meta.url)

const marker = (name: string) => [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`] as const

/** The marked sections of latest.md, as they are now (to be kept by a rewrite). */
export function keptSections(): string[] {
  if (!existsSync(latest)) return []
  const text = readFileSync(latest, 'utf8')
  return [...text.matchAll(/<!-- (\w+):start -->[\s\S]*?<!-- \1:end -->/g)].map((match) => match[0])
}

/** Puts `content` into latest.md as the section `name`, replacing an earlier one. */
export function writeSection(name: string, content: string): void {
  const [start, end] = marker(name)
  const section = `${start}\n${content.trim()}\n${end}`
  const text = existsSync(latest) ? readFileSync(latest, 'utf8') : '# dbridge benchmarks\n'
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  const next = from >= 0 && to > from ? text.slice(0, from) + section + text.slice(to + end.length) : `${text.trimEnd()}\n\n${section}\n`
  writeFileSync(latest, next)
}
