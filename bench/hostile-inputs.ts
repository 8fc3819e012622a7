/**
 * Time and peak memory of `kubespec validate -` on huge and hostile inputs, each case in a fresh
 * process (so the peak RSS is the case's own): `npm run bench -- hostile-inputs [CASE...]`.
 * Prints one line per case and a last line of JSON: {case: {ms, maxRssMB, exit, inputMB}}.
 * The peer is the same input's size: MB/s says whether a refusal costs more than reading it.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { memoryIO } from "../engine/cli/io.js";
import { main } from "../engine/cli/main.js";

const CM = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n";
const MB = 1024 * 1024;

/** The hostile inputs, generated in memory. */
export const CASES: Readonly<Record<string, () => string>> = {
  "scalar-20mb": () => `${CM}data:\n  big: ${"x".repeat(20 * MB)}\n`,
  "quoted-scalar-20mb": () => `${CM}data:\n  big: "${"x".repeat(20 * MB)}"\n`,
  "keys-100k": () => `${CM}data:\n${Array.from({ length: 100_000 }, (_, i) => `  k${i}: v${i}\n`).join("")}`,
  "unknown-fields-100k": () => `${CM}${Array.from({ length: 100_000 }, (_, i) => `u${i}: v\n`).join("")}`,
  "documents-20k": () =>
    Array.from({ length: 20_000 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\n`).join(
      "---\n",
    ),
  "flow-depth-10k": () => `${CM}data: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`,
  "block-depth-10k": () =>
    `${CM}data:\n${Array.from({ length: 10_000 }, (_, i) => `${" ".repeat(i + 1)}a:\n`).join("")}`,
  "alias-bomb-9^9": () =>
    `${CM}data:\n  a: &a [x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 8 }, (_, i) => `  ${"bcdefghi"[i]}: &${"bcdefghi"[i]} [${Array(9).fill(`*${"abcdefgh"[i]}`).join(", ")}]`).join("\n")}\n`,
  "name-1mb": () => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${"a".repeat(MB)}}\n`,
  "over-limit-65mb": () => `${CM}data:\n  big: ${"x".repeat(65 * MB)}\n`,
};

interface Measure {
  ms: number;
  maxRssMB: number;
  exit: number;
  inputMB: number;
}

/** Run one case in this process (the child side). */
async function runCase(name: string): Promise<Measure> {
  const text = CASES[name]!();
  const io = memoryIO(text);
  const t0 = performance.now();
  const exit = await main(["validate", "-", "-o", "json", "--pack", "correctness"], io);
  const ms = Math.round(performance.now() - t0);
  return {
    ms,
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    exit,
    inputMB: Math.round((text.length / MB) * 10) / 10,
  };
}

async function parent(names: string[]): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  const results: Record<string, Measure | { error: string }> = {};
  for (const name of names) {
    const r = spawnSync(process.execPath, [self, "--case", name], { encoding: "utf8", timeout: 300_000 });
    const last = r.stdout.trim().split("\n").pop() ?? "";
    try {
      const m = JSON.parse(last) as Measure;
      results[name] = m;
      process.stdout.write(
        `${name.padEnd(22)} ${String(m.ms).padStart(7)} ms  ${String(m.maxRssMB).padStart(5)} MB peak RSS  exit ${m.exit}  input ${m.inputMB} MB\n`,
      );
    } catch {
      results[name] = { error: (r.stderr || `status ${r.status} signal ${r.signal}`).slice(0, 300) };
      process.stdout.write(`${name.padEnd(22)} failed: ${JSON.stringify(results[name])}\n`);
    }
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

const argv = process.argv.slice(2);
const caseAt = argv.indexOf("--case");
if (caseAt >= 0) {
  process.stdout.write(`${JSON.stringify(await runCase(argv[caseAt + 1]!))}\n`);
} else {
  const asked = argv.filter((a) => a !== "hostile-inputs" && !a.startsWith("-"));
  const unknown = asked.filter((a) => !(a in CASES));
  if (unknown.length > 0) {
    process.stderr.write(`unknown case ${unknown.join(", ")}; known: ${Object.keys(CASES).join(", ")}\n`);
    process.exitCode = 2;
  } else await parent(asked.length > 0 ? asked : Object.keys(CASES));
}
