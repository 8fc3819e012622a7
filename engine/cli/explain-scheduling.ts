/**
 * `kubespec explain scheduling --pod POD.yaml --nodes NODES.yaml [--existing PODS.yaml] [--config KSC.yaml]
 * [-o text|json] [--kubernetes-version 1.N] [--seed N]`: how kube-scheduler would place one pod.
 * Exit 0 when a node is selected, 1 when the pod is unschedulable, 2 on usage or input errors.
 */
import { collectInputs, loadFile } from "../io/inputs.js";
import type { SourceDocument } from "../io/yaml.js";
import { type Diagnostic, DiagnosticError } from "../model/diagnostic.js";
import type { KubeObject, Node, Pod } from "../model/k8s.js";
import { DEFAULT_VERSION, SUPPORTED_VERSIONS } from "../model/versions.js";
import { formatDiagnosticsText } from "../report/diagnostics-text.js";
import { loadSchedulerConfig } from "../scheduler/config.js";
import { explainScheduling as explain } from "../scheduler/explain.js";
import { formatExplainText } from "../scheduler/explain-text.js";
import { buildProfile, type Profile } from "../scheduler/profile.js";
import { inputObjectErrors } from "../validate/input-objects.js";
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, oneOf, parseCommandArgs, UsageError } from "./command.js";
import type { CliIO } from "./io.js";

function inputDiag(file: string, message: string, fix: string, pos = { line: 1, column: 1 }): Diagnostic {
  return { ruleId: "explain-input", severity: "error", message, file, line: pos.line, column: pos.column, fix };
}

/** Every document of the given files (several documents or Lists allowed). */
function readDocs(paths: readonly string[], io: CliIO): SourceDocument[] {
  const { files, unreadable } = collectInputs(paths.map((p) => p));
  if (unreadable.length > 0) throw new DiagnosticError(unreadable);
  const docs: SourceDocument[] = [];
  const diags: Diagnostic[] = [];
  for (const f of files) {
    const file = f.name === "-" ? { name: "-", read: () => io.stdin() } : f;
    const r = loadFile(file);
    diags.push(...r.diagnostics);
    docs.push(...r.documents);
  }
  if (diags.length > 0) throw new DiagnosticError(diags);
  return docs;
}

function kindOf(d: SourceDocument): string | undefined {
  const v = d.value as { kind?: unknown } | null;
  return v && typeof v === "object" && typeof v.kind === "string" ? v.kind : undefined;
}

function checkNamed(d: SourceDocument, what: string): void {
  const v = d.value as { metadata?: { name?: unknown } };
  if (typeof v.metadata?.name !== "string" || v.metadata.name === "") {
    const pos = d.positionOf("/metadata");
    throw new DiagnosticError([
      inputDiag(d.file, `${what} without metadata.name`, "give the object a metadata.name", pos),
    ]);
  }
}

const CHECKED_KINDS = new Set([
  "Pod",
  "Node",
  "Service",
  "ReplicaSet",
  "StatefulSet",
  "ReplicationController",
  "Namespace",
]);

const HELP = `Usage: kubespec explain scheduling --pod POD.yaml --nodes NODES.yaml [--existing PODS.yaml] [--config KSC.yaml] [-o text|json]
  --pod FILE                 the Pod to place (one Pod document)
  --nodes FILE               the nodes (several documents or a List, e.g. kubectl get nodes -o yaml); repeatable
  --existing FILE            pods already in the cluster (bound ones count) and Services, ReplicaSets,
                             StatefulSets, Namespaces that scoring reads; repeatable
  --config FILE              a KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1)
  --kubernetes-version 1.N   default ${DEFAULT_VERSION}
  --seed N                   seed of the tie-break (default 1)
  -o text|json               output format (json: ../shared/contracts/explain-scheduling.schema.json)
Exit status: 0 a node is selected, 1 the pod is unschedulable, 2 usage or input errors.
`;

/** `kubespec explain scheduling`. */
export async function explainScheduling(argv: string[], io: CliIO): Promise<number> {
  try {
    const { values } = parseCommandArgs(
      argv,
      {
        pod: { type: "string" },
        nodes: { type: "string", multiple: true },
        existing: { type: "string", multiple: true },
        config: { type: "string" },
        output: { type: "string", short: "o" },
        "kubernetes-version": { type: "string" },
        seed: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      false,
    );
    if (values.help) {
      io.stdout(HELP);
      return EXIT_OK;
    }
    const format = oneOf("output", values.output, ["text", "json"] as const, "text");
    if (!values.pod) throw new UsageError("--pod is required");
    if (!values.nodes || values.nodes.length === 0) throw new UsageError("--nodes is required");
    const version = oneOf("kubernetes-version", values["kubernetes-version"], SUPPORTED_VERSIONS, DEFAULT_VERSION);
    const seed = values.seed === undefined ? 1 : Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0)
      throw new UsageError(`--seed must be a non-negative integer (got "${values.seed}")`);

    const podDocs = readDocs([values.pod], io).filter((d) => kindOf(d) === "Pod");
    if (podDocs.length !== 1) {
      throw new DiagnosticError([
        inputDiag(
          values.pod,
          `expected exactly one Pod in ${values.pod}, found ${podDocs.length}`,
          "put the one Pod to place in --pod",
        ),
      ]);
    }
    checkNamed(podDocs[0]!, "a Pod");
    const nodeDocsAll = readDocs(values.nodes, io).filter((d) => kindOf(d) === "Node");
    const existingDocs = readDocs(values.existing ?? [], io);
    const checked = [podDocs[0]!, ...nodeDocsAll, ...existingDocs.filter((d) => CHECKED_KINDS.has(kindOf(d) ?? ""))];
    const invalid = inputObjectErrors(checked, version, "explain-input");
    if (invalid.length > 0) throw new DiagnosticError(invalid);
    const pod = podDocs[0]!.value as Pod;
    if (!Array.isArray(pod.spec?.containers)) {
      throw new DiagnosticError([
        inputDiag(
          podDocs[0]!.file,
          "the Pod has no spec.containers",
          "add spec.containers",
          podDocs[0]!.positionOf("/spec"),
        ),
      ]);
    }
    const nodeDocs = nodeDocsAll;
    if (nodeDocs.length === 0) {
      throw new DiagnosticError([
        inputDiag(values.nodes[0]!, "no Node found in --nodes", "pass kubectl get nodes -o yaml output"),
      ]);
    }
    for (const d of nodeDocs) checkNamed(d, "a Node");
    const existing: Pod[] = [];
    const objects: KubeObject[] = [];
    for (const d of existingDocs) {
      const k = kindOf(d);
      if (!k) continue;
      checkNamed(d, `a ${k}`);
      const o = d.value as KubeObject;
      const withNs =
        o.metadata.namespace || k === "Namespace" ? o : { ...o, metadata: { ...o.metadata, namespace: "default" } };
      if (k === "Pod") existing.push(withNs as Pod);
      else objects.push(withNs);
    }
    let profile: Profile;
    if (values.config) {
      const cfg = loadSchedulerConfig(values.config, version);
      const want = pod.spec.schedulerName ?? "default-scheduler";
      const p = cfg.profiles.find((x) => x.schedulerName === want);
      if (!p) {
        throw new DiagnosticError([
          inputDiag(
            values.config,
            `no profile with schedulerName "${want}" (the Pod's spec.schedulerName)`,
            "add a profile for it or change the Pod's schedulerName",
          ),
        ]);
      }
      profile = p;
    } else profile = buildProfile(undefined, version);
    const podWithNs: Pod = pod.metadata.namespace
      ? pod
      : { ...pod, metadata: { ...pod.metadata, namespace: "default" } };
    const result = explain({
      pod: podWithNs,
      nodes: nodeDocs.map((d) => d.value as Node),
      existing,
      objects,
      profile,
      seed,
    });
    io.stdout(format === "json" ? `${JSON.stringify(result, null, 2)}\n` : formatExplainText(result));
    return result.selected ? EXIT_OK : EXIT_FINDINGS;
  } catch (e) {
    if (e instanceof DiagnosticError) {
      io.stderr(formatDiagnosticsText(e.diagnostics));
      return EXIT_USAGE;
    }
    if (e instanceof UsageError) {
      io.stderr(`kubespec explain scheduling: ${e.message}\n${HELP}`);
      return EXIT_USAGE;
    }
    throw e;
  }
}
