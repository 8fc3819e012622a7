/**
 * Untrusted input: mutated manifests (YAML tokens spliced, deleted and duplicated at random) never
 * make validate throw; every problem becomes a diagnostic with a position inside the text. The
 * counters assert the generator reaches the interesting states (parse errors, schema findings,
 * clean documents), not only trivial inputs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateFiles } from "./index.js";

const BASE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
        resources:
          limits: {cpu: 500m, memory: 128Mi}
`;

const TOKENS = [
  "- ",
  ": ",
  "{",
  "}",
  "[",
  "]",
  "&a ",
  "*a",
  "'",
  '"',
  "#",
  "\n",
  "  ",
  "---\n",
  "null",
  "12",
  "1.5e3",
  "x",
  "replicas: x\n",
  "lables:",
  "? ",
  "|\n",
  "!!int ",
  "<<: ",
];

const mutation = fc.record({
  at: fc.nat(),
  del: fc.nat({ max: 8 }),
  insert: fc.array(fc.constantFrom(...TOKENS), { maxLength: 4 }),
});

function mutate(text: string, ms: ReadonlyArray<{ at: number; del: number; insert: string[] }>): string {
  let t = text;
  for (const m of ms) {
    const at = m.at % (t.length + 1);
    t = t.slice(0, at) + m.insert.join("") + t.slice(at + m.del);
  }
  return t;
}

describe("validate on mutated manifests", () => {
  it("never throws, and positions every finding inside the text", () => {
    const seen = { parseErrors: 0, schemaFindings: 0, clean: 0 };
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
        const text = mutate(BASE, ms);
        const run = validateFiles([{ name: "m.yaml", read: () => text }], {
          kubernetesVersion: "1.36",
          strict: true,
          schema: true,
        });
        const lines = text.split("\n").length;
        for (const d of run.diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.line).toBeLessThanOrEqual(lines + 1);
          expect(d.column).toBeGreaterThanOrEqual(1);
        }
        if (run.diagnostics.some((d) => d.ruleId === "yaml-parse")) seen.parseErrors++;
        else if (run.diagnostics.some((d) => d.ruleId.startsWith("schema/"))) seen.schemaFindings++;
        else if (run.summary.valid > 0) seen.clean++;
      }),
      { numRuns: 400, seed: 42 },
    );
    expect(seen.parseErrors).toBeGreaterThan(40);
    expect(seen.schemaFindings).toBeGreaterThan(40);
    expect(seen.clean).toBeGreaterThan(10);
  });
});
