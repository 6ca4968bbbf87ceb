/** Ways to hurt a connection from outside, as a server or an operator would. */
import { createDb as createRawDb } from '../../runtime/index.js'

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Runs `fn` with a short-lived admin connection to `url`. */
async function asAdmin<T>(url: string, fn: (admin: ReturnType<typeof createRawDb>) => Promise<T>): Promise<T> {
  const admin = createRawDb({ url, max: 1 })
  try {
    return await fn(admin)
  } finally {
    await admin.close()
  }
}

/**
 * Terminates a backend and waits until it is gone and the client had time to read its
 * FATAL message, so that the next statement meets a connection known to be closed.
 */
export async function terminateBackend(url: string, pid: number): Promise<void> {
  await asAdmin(url, async (admin) => {
    await admin.sql`select pg_terminate_backend(${pid})`
    for (let i = 0; i < 200; i++) {
      const [row] = await admin.sql<{ alive: boolean }>`select exists (select 1 from pg_stat_activity where pid = ${pid}) as alive`
      if (!row!.alive) break
      await sleep(10)
    }
  })
  await sleep(50)
}

/** Terminates the backend running a statement that contains `marker`, once it shows up. */
export async function terminateRunning(url: string, marker: string): Promise<void> {
  await asAdmin(url, async (admin) => {
    for (let i = 0; i < 200; i++) {
      const [row] = await admin.sql<{ killed: boolean }>`
        select pg_terminate_backend(pid) as killed from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and query like ${'%' + marker + '%'} and query not like '%pg_stat_activity%'`
      if (row?.killed) return
      await sleep(10)
    }
    throw new Error(`no backend ran ${marker}`)
  })
}

/** Terminates every other backend connected to the database of `url`; returns how many. */
export async function terminateAll(url: string): Promise<number> {
  return asAdmin(url, async (admin) => {
    const rows = await admin.sql<{ killed: boolean }>`
      select pg_terminate_backend(pid) as killed from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`
    await sleep(100)
    return rows.filter((r) => r.killed).length
  })
}

/** The same URL, through another port (a proxy's). */
export function viaPort(url: string, port: number): string {
  const parsed = new URL(url)
  parsed.port = String(port)
  return parsed.href
}
