import { EXIT_USAGE } from "./command.js";
import type { CliIO } from "./io.js";

/** `kubespec explain pod` (not built yet: issue #4). */
export async function explainPod(_argv: string[], io: CliIO): Promise<number> {
  io.stderr("kubespec explain pod: not available in this version yet (issue #4).\n");
  return EXIT_USAGE;
}
