/** `kubespec simulate SCENARIO [-o text|json] [--until DURATION]`: run a Scenario, print the timeline. */
import type { Pod } from "../model/k8s.js";
import type { ClusterState, EngineEvent, TraceEntry } from "../model/state.js";
import { formatDuration, parseDuration } from "../scenario/duration.js";
import { loadScenarioFile } from "../scenario/load.js";
import { MAX_SCENARIO_PODS } from "../scenario/objects.js";
import { runScenario } from "../step.js";
import { type Command, EXIT_OK, oneOf, parseCommandArgs, UsageError } from "./command.js";

const HELP = `Usage: kubespec simulate SCENARIO [-o text|json] [--until DURATION]

SCENARIO is a scenario file, or - for standard input.

Run a Scenario (kind: Scenario) through the kubelet, the node lifecycle, taint eviction and pod GC
controllers (and the scheduler and workload controllers) to quiescence, or until DURATION
(Go style: 90s, 5m, 1h30m), and print the timeline: what changed, when, and the rule ids
(each naming the upstream function) that made it change.

Containers keep running, images pull and probes pass unless an event says otherwise.
Without --until (or spec.until) the run ends when no timer is pending, or 1h after the last event.
The workloads of a scenario may ask for at most ${MAX_SCENARIO_PODS} pods in total (replicas, Job
completions or parallelism, one pod per node for a DaemonSet); a larger scenario is refused.
Exit 0 on success, 2 on a bad scenario (with file:line:column) or bad usage.
`;

/** A scenario event as the user wrote it (time as a duration). */
function eventJson(e: EngineEvent | null): Record<string, unknown> | null {
  if (!e) return null;
  return { ...e, at: formatDuration(e.at) };
}

function podJson(p: Pod): Record<string, unknown> {
  return {
    name: p.metadata.name ?? "",
    namespace: p.metadata.namespace ?? "default",
    node: p.spec.nodeName ?? null,
    phase: p.status?.phase === "Unknown" || !p.status?.phase ? "Pending" : p.status.phase,
    conditions: p.status?.conditions ?? [],
    initContainerStatuses: p.status?.initContainerStatuses ?? [],
    containerStatuses: p.status?.containerStatuses ?? [],
    ...(p.metadata.deletionTimestamp ? { deletionTimestamp: p.metadata.deletionTimestamp } : {}),
  };
}

/** The JSON document simulate prints (../shared/contracts/simulate.schema.json). */
export function simulateJson(trace: readonly TraceEntry[], state: ClusterState): Record<string, unknown> {
  return {
    timeline: trace.map((e) => ({
      t: formatDuration(e.t),
      event: eventJson(e.event),
      changes: e.changes,
      rules: e.rules,
    })),
    final: { pods: [...state.pods.values()].map(podJson) },
  };
}

function show(v: unknown): string {
  if (v === undefined) return "∅";
  return typeof v === "string" ? v : JSON.stringify(v);
}

function describeEvent(e: EngineEvent): string {
  const fields = Object.entries(e)
    .filter(([k]) => k !== "type" && k !== "at")
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
  return [e.type, ...fields].join(" ");
}

/** The human-readable timeline. */
export function simulateText(name: string, version: string, trace: readonly TraceEntry[], state: ClusterState): string {
  const lines: string[] = [`Scenario ${name} (Kubernetes ${version})`, ""];
  for (const e of trace) {
    const head = e.event ? describeEvent(e.event) : "(controllers react)";
    lines.push(`${formatDuration(e.t).padStart(8)}  ${head}`);
    for (const c of e.changes) {
      if (c.field === "deleted") lines.push(`            ${c.object} deleted`);
      else lines.push(`            ${c.object} ${c.field}: ${show(c.from)} → ${show(c.to)}`);
    }
    if (e.rules.length > 0) lines.push(`            rules: ${e.rules.join(", ")}`);
  }
  lines.push("", `Final state at ${formatDuration(state.time)}:`);
  if (state.pods.size === 0) lines.push("  (no pods)");
  for (const p of state.pods.values()) {
    const ready = p.status?.conditions?.find((c) => c.type === "Ready")?.status ?? "∅";
    const term = p.metadata.deletionTimestamp ? " Terminating" : "";
    lines.push(
      `  ${p.metadata.namespace}/${p.metadata.name} on ${p.spec.nodeName ?? "(unscheduled)"}: ${p.status?.phase ?? "Pending"}${term}, Ready=${ready}`,
    );
    for (const s of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) {
      const st = s.state?.running
        ? "running"
        : s.state?.terminated
          ? `terminated (${s.state.terminated.reason}, exit ${s.state.terminated.exitCode})`
          : `waiting (${s.state?.waiting?.reason ?? ""})`;
      lines.push(`    ${s.name}: ${st}, restarts ${s.restartCount}, ready ${s.ready}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export const simulateCommand: Command = {
  name: "simulate",
  summary: "Run a Scenario through the kubelet, scheduler and controllers and print the timeline",
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      output: { type: "string", short: "o" },
      until: { type: "string" },
      help: { type: "boolean", short: "h" },
    });
    if (values.help) {
      io.stdout(HELP);
      return EXIT_OK;
    }
    const format = oneOf("output", values.output, ["text", "json"] as const, "text");
    if (positionals.length !== 1) throw new UsageError("give exactly one SCENARIO file");
    let until: number | undefined;
    if (values.until !== undefined) {
      until = parseDuration(values.until);
      if (until === undefined)
        throw new UsageError(`--until must be a duration like 90s, 5m, 1h30m (got "${values.until}")`);
    }
    const scenario = loadScenarioFile(positionals[0] as string, () => io.stdin());
    const r = runScenario(scenario, { trace: true, ...(until !== undefined ? { until } : {}) });
    if (format === "json") io.stdout(`${JSON.stringify(simulateJson(r.trace, r.state), null, 2)}\n`);
    else io.stdout(simulateText(scenario.name, scenario.kubernetesVersion, r.trace, r.state));
    return EXIT_OK;
  },
};
