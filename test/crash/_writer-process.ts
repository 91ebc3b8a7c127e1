/**
 * @module test/crash/_writer-process
 * The parent's side of test/crash/writer.ts: spawns the writer with `node --import tsx`, reads
 * its protocol lines as they arrive, and kills it with SIGKILL on a condition checked
 * synchronously on each line (so the kill lands as close as possible to the moment it names),
 * or after a delay. Every process it starts is killed by its own handle, never by name.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WRITER = fileURLToPath(new URL('./writer.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Every writer still alive (for afterAll clean-up). */
const live = new Set<WriterProcess>();

/**
 * What a killed writer had printed before it died: every line it wrote reaches the parent, even
 * those still in the pipe when the kill was sent, so this is read once its stdout has closed.
 */
export interface KillReport {
  /** The last acknowledged sequence number, or start − 1 when none was. */
  lastAck: number;
  /** Protocol lines received. */
  lines: string[];
  /** Flushes started and not reported done when it died. */
  flushesInFlight: number;
  /** Compactions started and not reported done when it died. */
  compactionsInFlight: number;
  /** Key changes started and not reported done when the process died. */
  rekeysInFlight: number;
  /** Whether READY had been printed. */
  ready: boolean;
}

/** A writer child. */
export class WriterProcess {
  readonly #proc: ChildProcessWithoutNullStreams;
  readonly #exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly lines: string[] = [];
  #buffer = '';
  #stderr = '';
  #start = 0;
  #lastAck = -1;
  #ready = false;
  readonly #flushes = new Set<string>();
  readonly #compactions = new Set<string>();
  readonly #rekeys = new Set<string>();
  #watchers: { test: (line: string) => boolean; resolve: () => void }[] = [];
  #killAt: ((line: string, w: WriterProcess) => boolean) | undefined;
  #killSent = false;
  #timeout: NodeJS.Timeout | undefined;

  /**
   * Spawns a writer on these directories. With `wait`, it loads and waits for {@link go}.
   */
  constructor(options: { store: string; kms: string; marker?: string; wait?: boolean; start?: number; limit?: number }) {
    const args = ['--import', 'tsx', WRITER, '--store', options.store, '--kms', options.kms];
    if (options.marker) args.push('--marker', options.marker);
    if (options.wait) args.push('--wait');
    else args.push('--start', String(options.start), '--limit', String(options.limit));
    this.#start = options.start ?? 0;
    this.#proc = spawn(process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    live.add(this);
    // 'close', not 'exit': every line the child wrote has been read by then.
    this.#exited = new Promise((resolve) => {
      this.#proc.on('close', (code, signal) => {
        live.delete(this);
        if (this.#timeout) clearTimeout(this.#timeout);
        resolve({ code, signal });
      });
    });
    this.#proc.stdout.setEncoding('utf8');
    this.#proc.stdout.on('data', (chunk: string) => this.#onData(chunk));
    this.#proc.stderr.setEncoding('utf8');
    this.#proc.stderr.on('data', (chunk: string) => {
      this.#stderr += chunk;
    });
    this.#proc.stdin.on('error', () => undefined);
  }

  get pid(): number | undefined {
    return this.#proc.pid;
  }

  get stderr(): string {
    return this.#stderr;
  }

  #onData(chunk: string): void {
    this.#buffer += chunk;
    let nl: number;
    while ((nl = this.#buffer.indexOf('\n')) >= 0) {
      const line = this.#buffer.slice(0, nl);
      this.#buffer = this.#buffer.slice(nl + 1);
      this.#onLine(line);
    }
  }

  #onLine(line: string): void {
    // Lines read after the kill was sent were written before the child died: they count.
    this.lines.push(line);
    const [word, n, phase] = line.split(' ');
    if (word === 'READY') this.#ready = true;
    else if (word === 'ACK') this.#lastAck = Number(n);
    else if (word === 'FLUSH') (phase === 'START' ? this.#flushes.add(n!) : this.#flushes.delete(n!));
    else if (word === 'COMPACT') (phase === 'START' ? this.#compactions.add(n!) : this.#compactions.delete(n!));
    else if (word === 'REKEY') (phase === 'START' ? this.#rekeys.add(n!) : this.#rekeys.delete(n!));
    if (!this.#killSent && this.#killAt?.(line, this)) this.kill();
    this.#watchers = this.#watchers.filter((w) => {
      if (!w.test(line)) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves on the first line (already received or to come) that passes `test`; rejects if the process exits first. */
  waitForLine(test: (line: string) => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.lines.some(test)) return resolve();
      this.#watchers.push({ test, resolve });
      void this.#exited.then(({ code, signal }) => reject(new Error(`writer exited (code ${code}, signal ${signal}) before the expected line; last lines: ${this.lines.slice(-5).join(' | ')}; stderr: ${this.#stderr.slice(-2000)}`)));
    });
  }

  /** Starts a waiting writer at `start`, writing up to `limit`. */
  go(start: number, limit: number): void {
    this.#start = start;
    this.#lastAck = start - 1;
    this.#proc.stdin.write(`GO ${start} ${limit}\n`);
  }

  /** Kills the writer (SIGKILL) on the first line for which `test` is true. */
  killWhen(test: (line: string, w: WriterProcess) => boolean): void {
    this.#killAt = test;
  }

  /** Kills the writer `ms` milliseconds from now (unless already killed). */
  killAfter(ms: number): void {
    this.#timeout = setTimeout(() => this.kill(), ms);
  }

  /** Sends SIGKILL now (once). */
  kill(): void {
    if (this.#killSent) return;
    this.#killSent = true;
    this.#proc.kill('SIGKILL');
  }

  get lastAck(): number {
    return this.#lastAck;
  }

  /**
   * Waits for the process to end; it must have been killed by SIGKILL (an ERROR line or any other
   * exit is a failure of the writer, reported with its output).
   */
  async killed(): Promise<KillReport> {
    const { code, signal } = await this.#exited;
    const error = this.lines.find((l) => l.startsWith('ERROR'));
    if (error || signal !== 'SIGKILL' || !this.#killSent)
      throw new Error(`writer failed: exit code ${code}, signal ${signal}; ${error ?? 'no ERROR line'}; last lines: ${this.lines.slice(-5).join(' | ')}; stderr: ${this.#stderr.slice(-2000)}`);
    return {
      lastAck: this.#lastAck < 0 ? this.#start - 1 : this.#lastAck,
      lines: [...this.lines],
      flushesInFlight: this.#flushes.size,
      compactionsInFlight: this.#compactions.size,
      rekeysInFlight: this.#rekeys.size,
      ready: this.#ready,
    };
  }
}

/** Kills every writer still alive (afterAll). */
export async function killAllWriters(): Promise<void> {
  const waits: Promise<unknown>[] = [];
  for (const w of live) {
    w.kill();
    waits.push(w.killed().catch(() => undefined));
  }
  await Promise.all(waits);
}
