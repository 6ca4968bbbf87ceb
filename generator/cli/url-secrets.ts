/**
 * Passwords the CLI has seen in database URLs, remembered so that nothing it prints can
 * contain one, whatever the URL looks like. How a URL is shown and where its password is
 * are the runtime's (runtime/url-secrets.ts): one policy for both.
 */
import { passwordsIn } from '../../runtime/url-secrets.js'

const known = new Set<string>()

/** Remembers the password(s) of `url`, so that `withoutPasswords` removes them from any text. */
export function rememberPasswordsOf(url: string | undefined): void {
  if (!url) return
  // Shorter ones would mangle any text they happen to occur in, and reveal next to nothing.
  for (const password of passwordsIn(url)) if (password.length >= 3) known.add(password)
}

/** `text` with every remembered password replaced by ***. */
export function withoutPasswords(text: string): string {
  let result = text
  // Longest first: a password that contains another is replaced whole.
  for (const password of [...known].sort((a, b) => b.length - a.length)) result = result.split(password).join('***')
  return result
}
