// "migration i of N" on a terminal, once a run has taken over a second:
// quick runs (and hooks whose output is not a terminal) stay silent.
export class Progress {
  private readonly start = Date.now();
  private shown = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(i: number, n: number, file: string): void {
    if (!this.stream.isTTY || Date.now() - this.start < 1000) return;
    this.shown = true;
    this.stream.write(`\rmighook: applying migration ${i} of ${n}: ${file}\x1b[K`);
  }

  done(): void {
    if (this.shown) this.stream.write("\r\x1b[K");
    this.shown = false;
  }
}
