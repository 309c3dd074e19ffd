/**
 * Calls `onExit` once the process that started this one has gone. `npm run` does not pass
 * a SIGTERM sent to npm alone on to its script: npm exits and the bot would run on as an
 * orphan, adopted by init, skipping the drain a supervisor asked for. A parent's death is
 * seen as the parent id changing (the orphan is re-parented), checked twice a second. A
 * process started by init itself (systemd's units) has nothing to watch.
 */
export function onParentExit(onExit: () => void, intervalMs = 500): () => void {
  const parent = process.ppid;
  if (parent <= 1) return () => undefined;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onExit();
  }, intervalMs);
  // Never what keeps the process alive.
  timer.unref();
  return () => clearInterval(timer);
}
