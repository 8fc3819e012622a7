/**
 * `--engine reference`: the packs evaluated by json-rules-engine itself (engine/rules/reference.ts)
 * instead of the compiled closures, for debugging a rule. The facts are extracted as the packs
 * extract them; the fired events then go through the packs' own checkDocument (fed the reference's
 * events), so findings, positions and messages are built by the same code in both modes.
 */
import type { SourceDocument } from "../io/yaml.js";
import type { Diagnostic } from "../model/diagnostic.js";
import { referenceRuleSets } from "../rules/index.js";
import type { FiredEvent, RuleSet } from "../rules/types.js";
import { factContext } from "./packs/facts/context.js";
import { checkDocument, type LoadedPacks } from "./packs/index.js";
import type { PackChecker } from "./validator.js";

/** An asynchronous PackChecker running `packs` under json-rules-engine. */
export function referenceChecker(packs: readonly LoadedPacks[]): PackChecker {
  const engines = packs.map((p) => {
    const ruleSet: RuleSet = {
      apiVersion: "kubespec.io/v1alpha1",
      kind: "RuleSet",
      metadata: { name: p.names.join("+") },
      spec: { rules: p.compiled.flatMap((c) => [...c.rules]) },
    };
    return referenceRuleSets([ruleSet], { kubernetesVersion: p.kubernetesVersion });
  });
  return {
    async check(doc: SourceDocument): Promise<Diagnostic[]> {
      const out: Diagnostic[] = [];
      for (let i = 0; i < packs.length; i++) {
        const p = packs[i]!;
        const ctx = factContext(doc.value, p.kubernetesVersion, p.sets);
        if (!ctx) continue;
        const facts: Record<string, unknown> = {};
        for (const [name, extract] of p.facts) facts[name] = extract(ctx);
        const events: FiredEvent[] = await engines[i]!.run(facts);
        const replay = { rules: engines[i]!.rules, run: () => events, first: () => events[0] };
        out.push(...checkDocument({ ...p, compiled: [replay] }, doc));
      }
      return out;
    },
  };
}
