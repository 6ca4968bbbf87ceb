/**
 * Bytes allocated per call: what a client makes the collector clean up after each call,
 * which in a busy process turns into collections that run inside everybody's calls. Heap
 * growth over a window of sequential calls, divided by the calls; a window in which the
 * collector ran (v8.GCProfiler says so, synchronously) is thrown away and measured again.
 * Everything a call allocates counts: the client's own objects, the driver's buffers and
 * result rows, the promise chain.
 */
import { GCProfiler, getHeapStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { lowerMedian } from '../harness.js'

setFlagsFromString('--expose-gc')
const collect = runInNewContext('gc') as () => void

/** Median bytes per call of `run` over windows without a collection; NaN when every window had one. */
export async function bytesPerCall(run: (i: number) => PromiseLike<unknown>, options: { calls?: number; windows?: number } = {}): Promise<number> {
  const calls = options.calls ?? 50
  const windows = options.windows ?? 9
  const samples: number[] = []
  for (let attempt = 0; attempt < windows * 4 && samples.length < windows; attempt++) {
    collect()
    const profiler = new GCProfiler()
    profiler.start()
    const before = getHeapStatistics().used_heap_size
    for (let i = 0; i < calls; i++) await run(attempt * calls + i)
    const after = getHeapStatistics().used_heap_size
    const collections = profiler.stop().statistics.length
    if (collections === 0) samples.push((after - before) / calls)
  }
  return samples.length === 0 ? Number.NaN : lowerMedian(samples)
}
