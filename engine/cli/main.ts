/** kubespec command-line entry: dispatches to one file per command; never prints a stack trace. */

import { packageVersion } from "../io/paths.js";
import { DiagnosticError } from "../model/diagnostic.js";
import { formatDiagnosticsText } from "../report/diagnostics-text.js";
import { type Command, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from "./command.js";
import { explainCommand } from "./explain.js";
import { fuzzCommand } from "./fuzz.js";
import { type CliIO, processIO } from "./io.js";
import { policyCommand } from "./policy.js";
import { replayCommand } from "./replay.js";
import { simulateCommand } from "./simulate.js";
import { validateCommand } from "./validate.js";

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [
  validateCommand,
  explainCommand,
  simulateCommand,
  fuzzCommand,
  replayCommand,
  policyCommand,
];

function topHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `kubespec ${packageVersion()} — Kubernetes semantics as an executable spec

Usage: kubespec <command> [options]

Commands:
${lines.join("\n")}

Options:
  -h, --help     show help (also: kubespec <command> --help)
  -v, --version  print the version

Exit codes: 0 clean, 1 findings or failed checks, 2 usage error or nothing usable given.
`;
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

/** Run kubespec with the given arguments; returns the exit code. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === "-h" || first === "--help" || first === "help") {
    if (first === "help" && rest[0]) return main([rest[0], "--help"], io);
    io.stdout(topHelp());
    return first === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (first === "-v" || first === "--version" || first === "version") {
    io.stdout(`kubespec ${packageVersion()}\n`);
    return EXIT_OK;
  }
  const cmd = COMMANDS.find((c) => c.name === first);
  if (!cmd) {
    const near = COMMANDS.map((c) => c.name).filter((n) => editDistance(n, first) <= 2);
    const hint = near.length ? ` Did you mean '${near[0]}'?` : "";
    io.stderr(`kubespec: unknown command '${first}'.${hint} Run 'kubespec --help' for the list.\n`);
    return EXIT_USAGE;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(cmd.help);
    return EXIT_OK;
  }
  try {
    const code: unknown = await cmd.run(rest, io);
    // The exit-code contract (0/1/2) holds even if a command returns something else (a bug).
    if (code === EXIT_OK || code === EXIT_FINDINGS || code === EXIT_USAGE) return code;
    throw new Error(`the command returned ${typeof code === "number" ? code : typeof code} instead of an exit code`);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`kubespec ${cmd.name}: ${e.message}\nRun 'kubespec ${cmd.name} --help' for usage.\n`);
      return EXIT_USAGE;
    }
    if (e instanceof DiagnosticError) {
      io.stderr(formatDiagnosticsText(e.diagnostics));
      return EXIT_USAGE;
    }
    const debug = process.env.KUBESPEC_DEBUG ? `\n${(e as Error).stack ?? ""}` : "";
    io.stderr(
      `kubespec ${cmd.name}: internal error: ${(e as Error).message ?? String(e)}${debug}\nThis is a bug in kubespec; please report it with the input that caused it (set KUBESPEC_DEBUG=1 for details).\n`,
    );
    return EXIT_USAGE;
  }
}
