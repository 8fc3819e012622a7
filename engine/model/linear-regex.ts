/**
 * Regular expressions from untrusted input (rule files, CRD `pattern`s) compiled with V8's
 * linear-time engine (the `l` flag), so no pattern can make matching backtrack exponentially or
 * polynomially: matching time is linear in the subject. Go's RE2, which Kubernetes uses for CRD
 * patterns, gives the same guarantee. Patterns the linear engine cannot run (backreferences,
 * lookaround) are refused. The engine does not combine with the `u` flag, so patterns run without it.
 */
import v8 from "node:v8";

let enabled = false;

function enable(): void {
  if (enabled) return;
  v8.setFlagsFromString("--enable-experimental-regexp-engine");
  enabled = true;
}

/** Compile `pattern` for linear-time matching; throws SyntaxError when it cannot run in linear time. */
export function linearRegExp(pattern: string, flags = ""): RegExp {
  enable();
  return new RegExp(pattern, `${flags.replace(/[ul]/g, "")}l`);
}

/** Why `pattern` cannot be matched in linear time (or is invalid), or undefined when it can. */
export function linearRegExpProblem(pattern: string): string | undefined {
  try {
    linearRegExp(pattern);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
