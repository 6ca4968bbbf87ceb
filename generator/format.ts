/**
 * Format: TypeScript through prettier (a formatting failure is fatal: it means the emitter
 * wrote invalid code). Results are cached by input text, so unchanged files cost nothing
 * on the next run.
 */
import * as prettier from 'prettier'
import type { PlannedFile } from './plan.js'

export const prettierOptions: prettier.Options = {
  parser: 'typescript',
  semi: false,
  singleQuote: true,
  printWidth: 110,
  trailingComma: 'all',
}

const cache = new Map<string, string>()

export async function formatFiles(files: readonly PlannedFile[]): Promise<PlannedFile[]> {
  return Promise.all(
    files.map(async (file) => {
      if (!file.format) return file
      let contents = cache.get(file.contents)
      if (contents === undefined) {
        try {
          contents = await prettier.format(file.contents, prettierOptions)
        } catch (error) {
          throw new Error(`internal error: the generated ${file.path} is not valid TypeScript (${(error as Error).message})`)
        }
        cache.set(file.contents, contents)
      }
      return { ...file, contents }
    }),
  )
}
