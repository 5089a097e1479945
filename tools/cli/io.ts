/**
 * Everything a command touches outside itself, injected so tests can run commands in-process:
 * output streams, standard input, the working directory, the clock and fetch.
 */
export interface CliIo {
  /** Results (machine-readable with --json). */
  stdout(text: string): void;
  /** Errors, warnings, prompts. */
  stderr(text: string): void;
  /** Reads all of standard input as UTF-8 (a secret read this way is never echoed). */
  readStdin(): Promise<string>;
  /** True when standard input is an interactive terminal (nothing piped). */
  stdinIsTty: boolean;
  cwd: string;
  now(): number;
  fetch: typeof fetch;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readStdin: () => (process.stdin.isTTY ? readHiddenLine('API key (input hidden, then Enter): ') : readAll(process.stdin)),
    stdinIsTty: Boolean(process.stdin.isTTY),
    cwd: process.cwd(),
    now: () => Date.now(),
    fetch: (...args) => fetch(...args),
  };
}

function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer | string) => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += b.length;
      // An API key is about 50 characters; anything huge is not one (and must not fill memory).
      if (size > 64 * 1024) {
        reject(new Error('standard input is larger than 64 KB: that is not an API key'));
        stream.removeAllListeners('data');
        return;
      }
      chunks.push(b);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}

/** Reads one line from the terminal without echoing it (raw mode). Ctrl-C aborts. */
function readHiddenLine(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let text = '';
    const done = (error?: Error): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(text);
    };
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') text = text.slice(0, -1);
        else text += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
