/**
 * Runs one of the project's entry points (`src/main.ts`, the register script, the
 * sharding manager) as a real child process through tsx, with the environment a
 * deployment would set, pointed at FakeDiscord.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FakeDiscord } from './fake-discord/index.ts';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** The bots' DATA_DIR (feedback database): outside the checkout, so tests leave no files in it. */
export const TEST_DATA_DIR = path.join(tmpdir(), 'factdesk-e2e-data');

/** The bot's environment for a fake: every variable set, so a local `.env` cannot leak in. */
export function botEnv(fake: FakeDiscord, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(DISCORD_|SHARD|COOLDOWN_|MIN_CO|LOG_LEVEL|KNOWLEDGE_DIR|DATA_DIR)/.test(k)) env[k] = v;
  return {
    ...env,
    DISCORD_TOKEN: fake.token,
    DISCORD_CLIENT_ID: fake.applicationId,
    DISCORD_GUILD_ID: '',
    DISCORD_API_URL: fake.apiBase,
    KNOWLEDGE_DIR: 'knowledge',
    DATA_DIR: TEST_DATA_DIR,
    LOG_LEVEL: 'debug',
    COOLDOWN_QUESTIONS: '100',
    COOLDOWN_SECONDS: '30',
    SHARD_COUNT: 'auto',
    MIN_COVERAGE: '',
    MIN_CONFIDENCE: '',
    ...extra,
  };
}

export class ChildScript {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly output = new EventEmitter();

  constructor(readonly child: ChildProcess) {
    this.output.setMaxListeners(0);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
      this.output.emit('data');
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
      this.output.emit('data');
    });
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    void this.exited.then(() => this.output.emit('data'));
  }

  /** Resolves once stdout or stderr matches (rejects if the process exits first). */
  waitForOutput(pattern: RegExp): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (pattern.test(this.stdout) || pattern.test(this.stderr)) {
          this.output.off('data', check);
          resolve();
        } else if (this.child.exitCode !== null || this.child.signalCode !== null) {
          this.output.off('data', check);
          reject(new Error(`process exited before printing ${pattern}\nstdout: ${this.stdout}\nstderr: ${this.stderr}`));
        }
      };
      this.output.on('data', check);
      check();
    });
  }

  /** JSON log lines written to stderr. */
  logs(): Array<Record<string, unknown>> {
    return this.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  /** Stops the process if it is still running (test cleanup). */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

/** Runs `src/<file>` with tsx, as `npm start` / `npm run ...` would. */
export function runScript(file: string, env: Record<string, string>): ChildScript {
  const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new ChildScript(child);
}

/**
 * Runs `npm run <script>` in a process group of its own, as a supervisor or a terminal
 * would: `signalGroup` then reaches npm and everything under it, `signalLeader` npm alone.
 */
export function runNpm(script: string, env: Record<string, string>): ChildScript & { signalGroup(signal: NodeJS.Signals): void; signalLeader(signal: NodeJS.Signals): void } {
  const child = spawn('npm', ['run', '--silent', script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const script_ = new ChildScript(child);
  return Object.assign(script_, {
    signalGroup: (signal: NodeJS.Signals) => process.kill(-child.pid!, signal),
    signalLeader: (signal: NodeJS.Signals) => process.kill(child.pid!, signal),
    kill: async () => {
      // Whatever is left of the group, npm and its children alike.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Nothing left.
      }
      if (child.exitCode === null && child.signalCode === null) await script_.exited;
    },
  });
}

/** Runs a compiled entry point (`dist/...`) with plain node, as the systemd unit does. */
export function runCompiled(file: string, env: Record<string, string>): ChildScript {
  return new ChildScript(spawn(process.execPath, [file], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true }));
}

/** Whether any process of the group `pgid` is still alive. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Resolves once no process of the group is left (a condition, not a timer: the test's own limit bounds it). */
export async function waitForGroupGone(pgid: number): Promise<void> {
  while (groupAlive(pgid)) await new Promise((resolve) => setTimeout(resolve, 50));
}
