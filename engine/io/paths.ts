/** Locating kubespec's own bundled data (spec/, schemas) from source or from dist/, without ../shared. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cachedRoot: string | undefined;

/** The kubespec package root: the nearest ancestor directory whose package.json is named "kubespec". */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pj = join(dir, "package.json");
    if (existsSync(pj)) {
      try {
        if ((JSON.parse(readFileSync(pj, "utf8")) as { name?: string }).name === "kubespec") {
          cachedRoot = dir;
          return dir;
        }
      } catch {
        // keep looking upward
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot locate the kubespec package root");
    dir = parent;
  }
}

/** Absolute path of a file bundled under spec/. */
export function specPath(...parts: string[]): string {
  return join(packageRoot(), "spec", ...parts);
}

/** The package version from package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}
