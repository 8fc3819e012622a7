#!/usr/bin/env node
/** The `kubespec` executable. */
import { main } from "./main.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`kubespec: internal error: ${(e as Error).message ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
