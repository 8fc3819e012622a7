import { EXIT_USAGE } from "./command.js";
import type { CliIO } from "./io.js";

/** `kubespec explain scheduling` (not built yet: issue #5). */
export async function explainScheduling(_argv: string[], io: CliIO): Promise<number> {
  io.stderr("kubespec explain scheduling: not available in this version yet (issue #5).\n");
  return EXIT_USAGE;
}
