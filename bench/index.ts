/**
 * Benchmark dispatcher: `npm run bench -- NAME` runs `node dist/bench/index.js NAME`, which imports
 * `./NAME.js`. Benchmarks are discovered from the files beside this one (bench/NAME.ts → NAME), so
 * adding bench/foo.ts needs no edit here. Each benchmark prints a last line of JSON.
 */
import { readdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const ext = import.meta.url.endsWith(".ts") ? ".ts" : ".js";

/** The benchmark names available beside this file, sorted. */
export function benchmarkNames(): string[] {
  return readdirSync(here)
    .filter((f) => f.endsWith(ext) && !f.endsWith(`.test${ext}`) && !f.endsWith(`.d${ext}`) && f !== `index${ext}`)
    .map((f) => f.slice(0, -ext.length))
    .filter((n) => /^[a-z][a-z0-9-]*$/.test(n))
    .sort();
}

async function main(argv: readonly string[]): Promise<number> {
  const names = benchmarkNames();
  const name = argv[0];
  if (name === undefined || name === "--help" || name === "-h") {
    process.stderr.write(`usage: npm run bench -- NAME [args]\nbenchmarks: ${names.join(", ")}\n`);
    return name === undefined ? 2 : 0;
  }
  if (!names.includes(name)) {
    process.stderr.write(`unknown benchmark '${name}'; known: ${names.join(", ") || "(none)"}\n`);
    return 2;
  }
  await import(pathToFileURL(`${here}/${name}${ext}`).href);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`benchmark failed: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
