/** The CLI's view of the outside world, injectable so commands can be tested in-process. */
import { readFileSync } from "node:fs";
import { decodeUtf8 } from "../io/inputs.js";

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Standard input as text (read on demand, once; strict UTF-8 like files, so bad bytes are refused, not replaced). */
  stdin(): string;
}

let stdinCache: string | undefined;

export const processIO: CliIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stdin: () => {
    stdinCache ??= decodeUtf8(readFileSync(0));
    return stdinCache;
  },
};

/** An in-memory CliIO for tests. */
export function memoryIO(stdin = ""): CliIO & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    stdout(t: string) {
      io.out += t;
    },
    stderr(t: string) {
      io.err += t;
    },
    stdin: () => stdin,
  };
  return io;
}
