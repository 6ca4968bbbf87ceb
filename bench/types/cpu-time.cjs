// Preloaded (`node --require`) into the processes measure.ts times: prints the CPU time the
// whole process used (all threads) when it exits. On a shared, busy machine the CPU time of
// a single-threaded compiler varies far less than its wall-clock time.
process.on('exit', () => {
  const usage = process.cpuUsage()
  process.stderr.write(`\nCPU time: ${((usage.user + usage.system) / 1e6).toFixed(3)}s\n`)
})
