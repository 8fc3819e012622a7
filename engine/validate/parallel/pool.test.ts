import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { collectInputs } from "../../io/inputs.js";
import type { Diagnostic } from "../../model/diagnostic.js";
import { validateFiles, validateStream } from "../index.js";
import { checkDocument, defaultPacks, loadPacks } from "../packs/index.js";
import type { ValidatorOptions } from "../validator.js";
import { type FilePort, validateFilesParallel, validateStreamParallel } from "./pool.js";
import { type FileJob, type FileOutcome, fileHandler, type WorkerSpec } from "./protocol.js";

const CORPUS = fileURLToPath(new URL("../../../../shared/corpus/", import.meta.url));
const VERSION = "1.36";

/**
 * In-process stand-ins for worker threads: the same handler, outcomes cloned as postMessage
 * clones them, answered out of order (odd jobs late) so the in-order merge is exercised.
 */
function ports(spec: WorkerSpec, n: number): { ports: FilePort[]; bounced: () => number } {
  let bounced = 0;
  const handle = fileHandler(spec);
  const make = (): FilePort => {
    const port = {
      busy: 0,
      run(job: FileJob): Promise<FileOutcome> {
        port.busy++;
        const outcome = structuredClone(handle(job));
        if (outcome.bounce) bounced++;
        return new Promise((resolve) =>
          setTimeout(
            () => {
              port.busy--;
              resolve(outcome);
            },
            job.seq % 2 ? 2 : 0,
          ),
        );
      },
    };
    return port;
  };
  return { ports: Array.from({ length: n }, make), bounced: () => bounced };
}

function options(retainResults = true): { options: ValidatorOptions; spec: WorkerSpec } {
  const packs = loadPacks(defaultPacks(), VERSION);
  return {
    options: {
      kubernetesVersion: VERSION,
      strict: true,
      schema: true,
      skip: [],
      packs: { check: (doc) => checkDocument(packs, doc) },
    },
    spec: { kubernetesVersion: VERSION, strict: true, schema: true, packs: defaultPacks(), skip: [], retainResults },
  };
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** CRs before and after their CRD in other files, a CRD with built-ins, broken YAML, a missing file. */
function crdDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "kubespec-parallel-"));
  dirs.push(dir);
  mkdirSync(join(dir, "sub"));
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {type: object, properties: {size: {type: integer}}}
`;
  const widget = (size: string) =>
    `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: ${size}}\n`;
  writeFileSync(join(dir, "a-early-widget.yaml"), widget('"three"'));
  writeFileSync(
    join(dir, "b-crd-and-service.yaml"),
    `${crd}---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}], bogus: 1}\n`,
  );
  writeFileSync(join(dir, "c-late-widget.yaml"), widget("x"));
  writeFileSync(join(dir, "d-broken.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [\n");
  writeFileSync(
    join(dir, "sub", "e-pod.yaml"),
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx}]}\n",
  );
  writeFileSync(join(dir, "sub", "f-unknown.yaml"), "apiVersion: nope.io/v1\nkind: Thing\nmetadata: {name: t}\n");
  return dir;
}

describe("validation across threads", () => {
  it("gives the single-threaded findings, results and summary on the corpus and on CRDs split across files", async () => {
    const { options: opts, spec } = options();
    for (const dir of [crdDir(), join(CORPUS, "kube-prometheus"), join(CORPUS, "kubernetes-examples")]) {
      const files = [
        ...collectInputs([dir]).files,
        {
          name: join(dir, "missing.yaml"),
          read: () => {
            throw Object.assign(new Error("gone"), { code: "ENOENT" });
          },
        },
      ];
      const single = validateFiles(files, opts);
      const p = ports(spec, 2);
      const parallel = await validateFilesParallel(files, opts, p.ports);
      expect(parallel.summary, dir).toEqual(single.summary);
      expect(parallel.unreadable).toBe(1);
      expect(parallel.diagnostics).toEqual(single.diagnostics);
      expect(parallel.results).toEqual(single.results);
      expect(single.summary.resources).toBeGreaterThan(5);
      // Custom resources go to the main thread; everything else to the workers.
      expect(p.bounced()).toBeGreaterThan(0);
      expect(p.bounced()).toBeLessThan(files.length);
    }
  }, 60_000);

  it("validates a custom resource against a CRD that a worker parsed", async () => {
    const { options: opts, spec } = options();
    const run = await validateFilesParallel(collectInputs([crdDir()]).files, opts, ports(spec, 2).ports);
    const late = run.diagnostics.filter((d) => d.file.endsWith("c-late-widget.yaml") && d.ruleId === "schema/type");
    expect(late.map((d) => [d.instancePath, d.line])).toEqual([["/spec/size", 4]]);
    expect(run.diagnostics.some((d) => d.file.endsWith("a-early-widget.yaml") && d.ruleId === "schema/type")).toBe(
      true,
    );
  });

  it("streams each file's findings in input order, as the single-threaded stream does", async () => {
    const { options: opts, spec } = options(false);
    const files = collectInputs([crdDir(), join(CORPUS, "microservices-demo")]).files;
    const single: Diagnostic[][] = [];
    const parallel: Diagnostic[][] = [];
    const a = validateStream(files, opts, (ds) => single.push(ds));
    const b = await validateStreamParallel(files, opts, ports(spec, 3).ports, (ds) => parallel.push(ds));
    expect(b).toEqual(a);
    expect(parallel).toEqual(single);
    expect(single.flat().length).toBeGreaterThan(20);
  });
});
