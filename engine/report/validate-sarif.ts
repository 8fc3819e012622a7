/**
 * `-o sarif`: SARIF 2.1.0 (OASIS), one run with tool.driver.rules (id, short description, help =
 * the fix and upstream reference) and one result per finding with a physicalLocation (artifactLocation.uri,
 * region.startLine/startColumn). Severity maps to level error/warning/note. Deterministic.
 */
import type { Diagnostic } from "../model/diagnostic.js";

const LEVEL: Readonly<Record<Diagnostic["severity"], string>> = { error: "error", warning: "warning", info: "note" };

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** A URI reference for a file as given on the command line ("-" is standard input). */
function artifactUri(file: string): string {
  if (file === "-") return "stdin";
  return file
    .split(/[\\/]/)
    .map((seg) => (seg === ".." || seg === "." ? seg : encodeURIComponent(seg)))
    .join("/");
}

export interface SarifOptions {
  toolVersion: string;
  /** Describes each rule id (for tool.driver.rules); the first diagnostic's fields are used otherwise. */
  describe?: (ruleId: string) => { description?: string; help?: string; upstream?: string } | undefined;
}

export function formatValidateSarif(ds: readonly Diagnostic[], options: SarifOptions): string {
  const ruleIds = [...new Set(ds.map((d) => d.ruleId))].sort();
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const rules = ruleIds.map((id) => {
    const first = ds.find((d) => d.ruleId === id)!;
    const info = options.describe?.(id);
    const description = info?.description ?? first.message;
    const help = info?.help ?? first.fix ?? description;
    const upstream = info?.upstream ?? first.upstream;
    return {
      id,
      shortDescription: { text: description },
      help: { text: upstream ? `${help}\nUpstream: ${upstream}` : help },
      defaultConfiguration: { level: LEVEL[first.severity] },
      ...(upstream ? { properties: { upstream } } : {}),
    };
  });
  const results = ds.map((d) => ({
    ruleId: d.ruleId,
    ruleIndex: index.get(d.ruleId)!,
    level: LEVEL[d.severity],
    message: { text: d.fix ? `${d.message} (fix: ${d.fix})` : d.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(d.file) },
          region: { startLine: d.line, startColumn: d.column },
        },
        ...(d.objectRef?.kind
          ? {
              logicalLocations: [
                {
                  name: [d.objectRef.kind, d.objectRef.namespace, d.objectRef.name].filter(Boolean).join("/"),
                  kind: "resource",
                },
              ],
            }
          : {}),
      },
    ],
    ...(d.instancePath !== undefined ? { properties: { instancePath: d.instancePath } } : {}),
  }));
  const artifacts = [...new Set(ds.map((d) => artifactUri(d.file)))].sort().map((uri) => ({ location: { uri } }));
  const log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "kubespec",
            version: options.toolVersion,
            rules,
          },
        },
        artifacts,
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
