/** Enum types: the exported ones and those columns use, each once by SQL name. */
import type { EnumType } from '../../../schema/dsl.js'
import type { EnumModel } from '../../../schema/model.js'
import { pascalCase } from '../../../schema/naming.js'
import type { Diagnostic } from '../../diagnostics.js'
import { byteOrder } from './context.js'
import type { ExportedEnum } from './exports.js'

export interface Enums {
  /** Records an enum type (met where `where` says); a second type of that name with other values is a problem. */
  add(type: EnumType, where: Partial<Diagnostic>): void
  /** The enum models, in byte order of their SQL names. */
  models(): EnumModel[]
}

export function enumRegistry(diagnostics: Diagnostic[], exported: ReadonlyMap<EnumType, ExportedEnum>): Enums {
  const enums = new Map<string, { type: EnumType; model: EnumModel }>()
  const add = (type: EnumType, where: Partial<Diagnostic>) => {
    const existing = enums.get(type.name)
    if (existing) {
      if (existing.type !== type && JSON.stringify(existing.type.values) !== JSON.stringify(type.values)) {
        diagnostics.push({
          file: where.file ?? null,
          table: where.table,
          column: where.column,
          message: `enum type "${type.name}" is declared twice with different values`,
          hint: 'declare each enum once and import it where it is used',
        })
      }
      return
    }
    const source = exported.get(type)
    enums.set(type.name, {
      type,
      model: {
        kind: 'enum',
        name: type.name,
        tsName: pascalCase(source?.exportName ?? type.name),
        values: [...type.values],
        source: source ? { file: source.file, exportName: source.exportName } : null,
      },
    })
  }
  // Exported enums first, in byte order of their names; columns then meet them by name.
  for (const [type, where] of [...exported].sort((a, b) => byteOrder(a[0].name, b[0].name))) add(type, { file: where.file })
  return { add, models: () => [...enums.values()].map((e) => e.model).sort((a, b) => byteOrder(a.name, b.name)) }
}
