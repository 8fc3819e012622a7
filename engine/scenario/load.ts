/**
 * Loading a Scenario file: YAML with positions, the schema (spec/schemas/scenario.schema.json), then
 * the meaning: supported version, Go durations, known event types, each handler's field checks,
 * and references to pods and nodes. Every problem is a Diagnostic with file:line:column.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { validateWorkload } from "../controllers/validate-workload.js";
import { handlerFor } from "../events/registry.js";
import { InvalidUtf8Error, readUtf8File } from "../io/inputs.js";
import { specPath } from "../io/paths.js";
import { parseStream, type SourceDocument } from "../io/yaml.js";
import type { Diagnostic } from "../model/diagnostic.js";
import { DiagnosticError } from "../model/diagnostic.js";
import type { KubeObject, Node } from "../model/k8s.js";
import type { EngineEvent } from "../model/state.js";
import { DEFAULT_VERSION, SUPPORTED_VERSIONS } from "../model/versions.js";
import { subDocument } from "../validate/input-objects.js";
import { parseDuration } from "./duration.js";
import { objectErrors, workloadSizeErrors } from "./objects.js";
import { scriptedRunErrors } from "./scripted-runs.js";
import type { Scenario } from "./types.js";

const RULE = "scenario";

/** Workload warnings (e.g. a partition above replicas) do not stop a scenario from loading. */
const errorsOnly = (ds: readonly Diagnostic[]): Diagnostic[] => ds.filter((x) => x.severity === "error");

type Validator = ((v: unknown) => boolean) & {
  errors?: { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> }[] | null;
};
let validator: Validator | undefined;

function schemaValidator(): Validator {
  if (!validator) {
    const schema = JSON.parse(readFileSync(specPath("schemas", "scenario.schema.json"), "utf8"));
    validator = new Ajv2020({ allErrors: true, strict: false }).compile(schema) as unknown as Validator;
  }
  return validator;
}

function at(doc: SourceDocument, pointer: string, message: string, fix?: string, key = false): Diagnostic {
  const pos = key ? doc.keyPositionOf(pointer) : doc.positionOf(pointer);
  return {
    ruleId: RULE,
    severity: "error",
    message,
    file: doc.file,
    line: pos.line,
    column: pos.column,
    instancePath: pointer,
    ...(fix ? { fix } : {}),
  };
}

/** Names a workload controller may give its pods: StatefulSet "<name>-<ordinal>", others "<name>-…". */
function generatedPodPrefixes(objects: readonly KubeObject[]): { ns: string; prefix: string; exactOrdinal: boolean }[] {
  const out: { ns: string; prefix: string; exactOrdinal: boolean }[] = [];
  for (const o of objects) {
    if (o.kind === "Pod" || o.kind === "Node") continue;
    if (!o.metadata?.name) continue;
    out.push({
      ns: o.metadata.namespace ?? "default",
      prefix: `${o.metadata.name}-`,
      exactOrdinal: o.kind === "StatefulSet",
    });
  }
  return out;
}

function podExists(ref: string, namespace: string | undefined, objects: readonly KubeObject[]): boolean {
  const [ns, name] = ref.includes("/") ? (ref.split("/", 2) as [string, string]) : [namespace ?? "default", ref];
  for (const o of objects)
    if (o.kind === "Pod" && (o.metadata.namespace ?? "default") === ns && o.metadata.name === name) return true;
  return generatedPodPrefixes(objects).some(
    (g) => g.ns === ns && name.startsWith(g.prefix) && (!g.exactOrdinal || /^\d+$/.test(name.slice(g.prefix.length))),
  );
}

/** Parse and check a scenario's text; `file` is used in diagnostics and to resolve `files:`. */
export function loadScenarioText(
  text: string,
  file: string,
  read: (path: string) => string = (p) => readFileSync(p, "utf8"),
): Scenario {
  const parsed = parseStream(text, file);
  if (parsed.diagnostics.length > 0) throw new DiagnosticError(parsed.diagnostics);
  const docs = parsed.documents.filter((d) => d.value !== null && d.value !== undefined);
  if (docs.length !== 1) {
    throw new DiagnosticError([
      {
        ruleId: RULE,
        severity: "error",
        message: `a scenario file holds exactly one document (found ${docs.length})`,
        file,
        line: 1,
        column: 1,
        fix: "put one Scenario document in the file",
      },
    ]);
  }
  const doc = docs[0] as SourceDocument;
  const value = doc.value as Record<string, unknown>;
  const v = schemaValidator();
  if (!v(value)) {
    const diags = (v.errors ?? []).map((e) => {
      const extra = e.keyword === "additionalProperties" ? `/${String(e.params.additionalProperty)}` : "";
      const where = e.instancePath || "the scenario";
      const msg =
        e.keyword === "additionalProperties"
          ? `unknown field "${String(e.params.additionalProperty)}"`
          : e.keyword === "enum"
            ? `${where} must be one of ${(e.params.allowedValues as unknown[]).join(", ")}`
            : `${where} ${e.message ?? "is invalid"}`;
      return at(doc, e.instancePath + extra, msg, "see spec/schemas/scenario.schema.json", extra !== "");
    });
    throw new DiagnosticError(diags);
  }
  const spec = (value.spec ?? {}) as Record<string, unknown>;
  const diags: Diagnostic[] = [];
  const version = (spec.kubernetesVersion as string | undefined) ?? DEFAULT_VERSION;
  if (!(SUPPORTED_VERSIONS as readonly string[]).includes(version))
    diags.push(
      at(
        doc,
        "/spec/kubernetesVersion",
        `kubernetesVersion "${version}" is not supported`,
        `use one of ${SUPPORTED_VERSIONS.join(", ")}`,
      ),
    );
  const nodes: Node[] = [...((spec.nodes as Node[] | undefined) ?? [])];
  const objects: KubeObject[] = [...((spec.objects as KubeObject[] | undefined) ?? [])];
  // Each object as a document of its own (positions into the scenario or its files: manifest), and
  // how validateWorkload addresses it.
  const nodeDocs = nodes.map((n, i) => subDocument(doc, `/spec/nodes/${i}`, n));
  const objectDocs: { sub: SourceDocument; doc: SourceDocument; base: string }[] = objects.map((o, i) => ({
    sub: subDocument(doc, `/spec/objects/${i}`, o),
    doc,
    base: `/spec/objects/${i}`,
  }));
  ((spec.files as string[] | undefined) ?? []).forEach((f, i) => {
    const path = resolve(dirname(file), f);
    let t: string;
    try {
      t = read(path);
    } catch (e) {
      diags.push(
        at(
          doc,
          `/spec/files/${i}`,
          `cannot read ${f}: ${(e as Error).message}`,
          "paths in files: are relative to the scenario file",
        ),
      );
      return;
    }
    const r = parseStream(t, path);
    diags.push(...r.diagnostics);
    for (const d of r.documents) {
      const o = d.value as KubeObject | null;
      if (!o || typeof o !== "object") continue;
      if (o.kind === "List" && Array.isArray((o as unknown as { items: unknown[] }).items)) {
        (o as unknown as { items: KubeObject[] }).items.forEach((item, j) => {
          const sub = subDocument(d, `/items/${j}`, item);
          if ((item as KubeObject | null)?.kind === "Node") {
            nodes.push(item as Node);
            nodeDocs.push(sub);
          } else {
            objects.push(item);
            objectDocs.push({ sub, doc: d, base: `/items/${j}` });
          }
        });
      } else if (o.kind === "Node") {
        nodes.push(o as Node);
        nodeDocs.push(d);
      } else {
        objects.push(o);
        objectDocs.push({ sub: d, doc: d, base: "" });
      }
    }
  });
  if ((SUPPORTED_VERSIONS as readonly string[]).includes(version)) {
    const invalid = objectErrors(
      nodeDocs,
      objectDocs.map((x) => x.sub),
      version,
    );
    if (invalid.length > 0) throw new DiagnosticError([...diags, ...invalid]);
  }
  for (const { sub, doc: d, base } of objectDocs)
    diags.push(
      ...errorsOnly(
        base ? validateWorkload(sub.value as KubeObject, d, base) : validateWorkload(sub.value as KubeObject, d),
      ),
    );
  diags.push(...scriptedRunErrors(objectDocs.map((x) => x.sub)));
  diags.push(
    ...workloadSizeErrors(
      objectDocs.map((x) => x.sub),
      nodes.length,
    ),
  );
  const nodeNames = new Set(nodes.map((n) => n.metadata.name ?? ""));
  const rawEvents = (spec.events as Record<string, unknown>[] | undefined) ?? [];
  const events: EngineEvent[] = [];
  for (const raw of rawEvents) if (raw.type === "NodeAdded" && typeof raw.node === "string") nodeNames.add(raw.node);
  rawEvents.forEach((raw, i) => {
    const base = `/spec/events/${i}`;
    const ms = parseDuration(String(raw.at));
    if (ms === undefined) {
      diags.push(
        at(
          doc,
          `${base}/at`,
          `"${String(raw.at)}" is not a duration`,
          "write a Go duration: 0s, 90s, 5m, 1h30m, 250ms",
        ),
      );
      return;
    }
    const type = String(raw.type);
    const handler = handlerFor(type);
    if (!handler) {
      diags.push(
        at(
          doc,
          `${base}/type`,
          `unknown event type "${type}"`,
          "use ContainerExited, ProbeResult, ImagePullFailed, NodeDown, NodeUp, DeletePod or AdvanceTime (or a type a controller registers)",
        ),
      );
      return;
    }
    const event: EngineEvent = { ...raw, type, at: ms };
    for (const p of handler.validate(event, undefined as never))
      diags.push(at(doc, `${base}/${p.field}`, p.message, undefined, raw[p.field] !== undefined));
    if (typeof raw.pod === "string" && !podExists(raw.pod, raw.namespace as string | undefined, objects))
      diags.push(
        at(doc, `${base}/pod`, `unknown pod "${raw.pod}"`, "name a Pod of the scenario (or one its workloads create)"),
      );
    if (typeof raw.node === "string" && type !== "NodeAdded" && !nodeNames.has(raw.node))
      diags.push(at(doc, `${base}/node`, `unknown node "${raw.node}"`, "name a node of spec.nodes"));
    events.push(event);
  });
  let until: number | undefined;
  if (typeof spec.until === "string") {
    until = parseDuration(spec.until);
    if (until === undefined)
      diags.push(at(doc, "/spec/until", `"${spec.until}" is not a duration`, "write a Go duration: 90s, 5m, 1h30m"));
  }
  if (diags.length > 0) throw new DiagnosticError(diags);
  const sorted = events
    .map((e, i) => [e, i] as const)
    .sort((a, b) => a[0].at - b[0].at || a[1] - b[1])
    .map(([e]) => e);
  const meta = value.metadata as { name: string };
  return {
    name: meta.name,
    kubernetesVersion: version,
    nodes,
    objects,
    events: sorted,
    ...(typeof spec.seed === "number" ? { seed: spec.seed } : {}),
    ...(until !== undefined ? { until } : {}),
  };
}

function readProblem(e: unknown): { why: string; fix: string } {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return { why: "no such file or directory", fix: "check the path of the scenario file" };
  if (code === "EISDIR")
    return { why: "it is a directory", fix: "give the path of one scenario file (kind: Scenario), not a directory" };
  if (code === "EACCES") return { why: "permission denied", fix: "make the scenario file readable" };
  if (e instanceof InvalidUtf8Error) return { why: e.message, fix: "save the scenario file as UTF-8" };
  return { why: (e as Error).message ?? String(e), fix: "check the path exists and is a readable scenario file" };
}

/**
 * Read and load a scenario file (DiagnosticError on any problem, including an unreadable file);
 * "-" reads the scenario from `stdin`.
 */
export function loadScenarioFile(path: string, stdin?: () => string): Scenario {
  let text: string;
  try {
    text = path === "-" && stdin ? stdin() : readUtf8File(path);
  } catch (e) {
    const { why, fix } = readProblem(e);
    throw new DiagnosticError([
      {
        ruleId: RULE,
        severity: "error",
        message: `cannot read scenario ${path}: ${why}`,
        file: path,
        line: 1,
        column: 1,
        fix,
      },
    ]);
  }
  return loadScenarioText(text, path);
}

/** The scenario's `spec.until` in ms, if given and valid. */
export function scenarioUntil(text: string): number | undefined {
  const m = /^\s*until:\s*"?([0-9a-zµ.]+)"?\s*$/m.exec(text);
  return m ? parseDuration(m[1] as string) : undefined;
}
