/** Which tables and enums the schema files export, and which file each belongs to. */
import { isEnumType, isTable, tableBrand, type AnyTable, type EnumType } from '../../../schema/dsl.js'
import type { LoadedFile } from '../normalize.js'
import { byteOrder, type TableEntry } from './context.js'

export interface ExportedEnum {
  readonly exportName: string
  readonly file: string
}

/**
 * Tables and enums by object, in file order and each file's exports in byte order. A table
 * or enum re-exported by another file belongs to the file that declares it.
 */
export function collectExports(files: readonly LoadedFile[]): { tables: Map<AnyTable, TableEntry>; enums: Map<EnumType, ExportedEnum> } {
  const tables = new Map<AnyTable, TableEntry>()
  const enums = new Map<EnumType, ExportedEnum>()
  for (const file of files) {
    for (const exportName of Object.keys(file.exports).sort(byteOrder)) {
      const value = file.exports[exportName]
      if (isTable(value)) {
        const existing = tables.get(value)
        if (!existing || (!existing.info.declaredExports.has(existing.exportName) && file.info.declaredExports.has(exportName))) {
          tables.set(value, { table: value, definition: value[tableBrand], exportName, file: file.rel, info: file.info })
        }
      } else if (isEnumType(value)) {
        const existing = enums.get(value)
        if (!existing || file.info.declaredExports.has(exportName)) enums.set(value, { exportName, file: file.rel })
      }
    }
  }
  return { tables, enums }
}
