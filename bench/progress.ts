/**
 * A progress bar on stderr. On a terminal it redraws one line; otherwise (CI logs,
 * pipes) it prints a line at each quarter so logs stay short.
 */
export class ProgressBar {
  private lastQuarter = -1;
  private lastDraw = 0;
  private readonly started = performance.now();
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = stream.isTTY === true;
  }

  update(done: number, total: number): void {
    const share = total > 0 ? Math.min(1, done / total) : 1;
    if (this.tty) {
      const now = performance.now();
      if (done < total && now - this.lastDraw < 50) return;
      this.lastDraw = now;
      const width = 30;
      const filled = Math.round(share * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      this.stream.write(`\r${this.label} ${bar} ${(share * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${this.elapsed()}\x1b[K`);
      if (done >= total) this.stream.write('\n');
      return;
    }
    const quarter = Math.floor(share * 4);
    if (quarter > this.lastQuarter) {
      this.lastQuarter = quarter;
      this.stream.write(`${this.label} ${(share * 100).toFixed(0)}% (${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}) ${this.elapsed()}\n`);
    }
  }

  private elapsed(): string {
    return `${((performance.now() - this.started) / 1000).toFixed(1)} s`;
  }
}
