/**
 * Queues work items and hands them to `apply` in batches: whatever arrived while the previous batch was being
 * written forms the next one. Each caller's promise settles only after its batch's `apply` has settled, i.e. after
 * the commit, so nothing is acknowledged before it is durable. Under light load a batch is one item, with one
 * macrotask of added latency.
 */
export class GroupCommitter<C, R> {
  private queue: { command: C; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;
  private inFlight = 0;

  /**
   * `maxInFlight` > 1 lets the next batch be handed over while the previous one commits (PostgreSQL: their round
   * trips and commits overlap, row locks order batches that touch the same venue; the SQLite writer thread queues
   * it). Results still settle only after each batch's own commit.
   */
  constructor(
    private readonly apply: (commands: C[]) => Promise<R[]>,
    private readonly maxBatch = 128,
    private readonly maxInFlight = 1,
  ) {}

  submit(command: C): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ command, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight) return;
    this.scheduled = true;
    // setImmediate lets every request already parsed in this turn of the event loop join the batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.inFlight++;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        // Another worker may start on whatever arrives meanwhile.
        if (this.queue.length > 0) this.schedule();
        try {
          const results = await this.apply(batch.map((b) => b.command));
          batch.forEach((b, i) => b.resolve(results[i] as R));
        } catch (err) {
          batch.forEach((b) => b.reject(err));
        }
      }
    } finally {
      this.inFlight--;
      if (this.queue.length > 0) this.schedule();
    }
  }
}
