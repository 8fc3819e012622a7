/** The shape of a kubespec command, and the shared argument parsing with clear usage errors. */
import { type ParseArgsConfig, parseArgs } from "node:util";
import type { CliIO } from "./io.js";

/** Exit codes: 0 clean, 1 findings / failed checks, 2 usage or nothing usable given. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export interface Command {
  name: string;
  /** One line for `kubespec --help`. */
  summary: string;
  /** Full `--help` text. */
  help: string;
  run(argv: string[], io: CliIO): Promise<number>;
}

/** A usage error: printed with the command's help hint, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** node:util parseArgs in strict mode, turning its errors into UsageError with a plain message. */
export function parseCommandArgs<O extends Options>(argv: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (e) {
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    throw new UsageError(msg);
  }
}

/** Check an enumerated option value. */
export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], dflt: T): T {
  if (value === undefined) return dflt;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(", ")} (got "${value}")`);
}

/** A command that is specified but not built yet: answers clearly, exit 2. */
export function notYetBuilt(name: string, summary: string, help: string, issue: string): Command {
  return {
    name,
    summary,
    help,
    async run(argv, io) {
      if (argv.includes("--help") || argv.includes("-h")) {
        io.stdout(help);
        return EXIT_OK;
      }
      io.stderr(
        `kubespec ${name}: not available in this version yet (${issue}). Run 'kubespec --help' for the commands that are.\n`,
      );
      return EXIT_USAGE;
    },
  };
}
