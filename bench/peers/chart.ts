/**
 * The results as a hand-written SVG: per workload, one horizontal bar per variant showing
 * its ratio to hand-written postgres.js, on a log scale (ratios run from about 1 to over
 * 10), with a line at 1.0. Colours follow the library.
 */

export interface Bar {
  workload: string
  variant: string
  ratio: number
}

const colours: [prefix: string, colour: string][] = [
  ['dbridge', '#2563eb'],
  ['postgres.js', '#6b7280'],
  ['drizzle', '#16a34a'],
  ['prisma', '#9333ea'],
  ['kysely', '#ea580c'],
  ['pg', '#0891b2'],
]

function colourOf(variant: string): string {
  return colours.find(([prefix]) => variant.startsWith(prefix))?.[1] ?? '#444444'
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

export function renderChart(bars: Bar[], title: string): string {
  const width = 960
  const labelWidth = 300
  const left = labelWidth + 10
  const right = width - 70
  const barHeight = 14
  const rowHeight = 19
  const groupGap = 30
  const top = 70

  const lowest = 0.5
  const highest = 2 ** Math.max(1, Math.ceil(Math.log2(Math.max(...bars.map((b) => b.ratio), 2))))
  const x = (ratio: number) =>
    left + ((Math.log2(Math.max(ratio, lowest)) - Math.log2(lowest)) / (Math.log2(highest) - Math.log2(lowest))) * (right - left)

  const workloads = [...new Set(bars.map((b) => b.workload))]
  const rects: string[] = []
  const labels: string[] = []
  let y = top
  for (const workload of workloads) {
    y += groupGap
    labels.push(`<text x="10" y="${y - 8}" class="group">${escape(workload)}</text>`)
    for (const bar of bars.filter((b) => b.workload === workload)) {
      const end = x(bar.ratio)
      rects.push(`<rect x="${left}" y="${y}" width="${(end - left).toFixed(1)}" height="${barHeight}" fill="${colourOf(bar.variant)}"/>`)
      labels.push(
        `<text x="${labelWidth}" y="${y + barHeight - 3}" class="label" text-anchor="end">${escape(bar.variant)}</text>`,
        `<text x="${(end + 4).toFixed(1)}" y="${y + barHeight - 3}" class="value">${bar.ratio.toFixed(2)}</text>`,
      )
      y += rowHeight
    }
  }
  const height = y + 40

  const ticks: string[] = []
  for (let t = lowest; t <= highest; t *= 2) {
    const tx = x(t).toFixed(1)
    ticks.push(
      `<line x1="${tx}" y1="${top}" x2="${tx}" y2="${y + 6}" class="grid"/>`,
      `<text x="${tx}" y="${y + 22}" class="tick" text-anchor="middle">${t}×</text>`,
    )
  }
  const one = x(1).toFixed(1)
  const legend = colours
    .map(
      ([name, colour], i) =>
        `<rect x="${left + i * 105}" y="40" width="12" height="12" fill="${colour}"/><text x="${left + i * 105 + 17}" y="50" class="label">${name}</text>`,
    )
    .join('')

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    '<style>.group{font-size:14px;font-weight:bold;fill:#111}.label{font-size:12px;fill:#222}.value{font-size:11px;fill:#222;paint-order:stroke;stroke:#fff;stroke-width:3px}.tick{font-size:11px;fill:#555}.grid{stroke:#ddd;stroke-width:1}.one{stroke:#dc2626;stroke-width:1.5;stroke-dasharray:4 3}</style>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="24" font-size="16" font-weight="bold">${escape(title)}</text>`,
    legend,
    ...ticks,
    ...rects,
    // The 1.0 line over the bars, the labels over the line (values have a white halo).
    `<line x1="${one}" y1="${top}" x2="${one}" y2="${y + 6}" class="one"/>`,
    ...labels,
    `<text x="${one}" y="${top - 4}" class="tick" text-anchor="middle">1.0 = postgres.js by hand</text>`,
    '</svg>',
    '',
  ].join('\n')
}
