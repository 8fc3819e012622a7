/** The rule sets shipped under spec/ (found at run time from src or dist, never from ../shared). */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { specPath } from "../io/paths.js";

const RULESET_KIND = /^kind:\s*RuleSet\s*$/m;

/** Every .yaml/.yml file under spec/ whose document is a `kind: RuleSet`, sorted by path. */
export function bundledRuleSetFiles(root: string = specPath()): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name) && RULESET_KIND.test(readFileSync(p, "utf8"))) out.push(p);
    }
  };
  walk(root);
  return out;
}
