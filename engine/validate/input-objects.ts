/**
 * Schema checks for the objects kubespec's simulators read (explain pod, explain scheduling, the
 * scenario loader): the kubelet, scheduler and controllers assume well-typed objects, as the API
 * server would guarantee, so each input object is checked against the Kubernetes API schema first
 * and a mistyped one is refused at file:line:column instead of crashing deep in the engine.
 */
import type { SourceDocument } from "../io/yaml.js";
import type { Diagnostic } from "../model/diagnostic.js";
import { Validator } from "./validator.js";

/**
 * Schema errors (severity error only) of the given documents, validated as the API server would.
 * A missing required field under `status` is not one: status is what the kubelet and controllers
 * write, and inputs (kubectl output, scenario states) may give only part of it; a mistyped status
 * field still is.
 */
export function schemaErrors(docs: readonly SourceDocument[], version: string): Diagnostic[] {
  if (docs.length === 0) return [];
  const v = new Validator({ kubernetesVersion: version, strict: false, schema: true, retainResults: false });
  for (const d of docs) {
    if (v.addDocument(d) instanceof Promise) throw new Error("unexpected asynchronous validation");
  }
  return v
    .drain()
    .filter(
      (d) => d.severity === "error" && !(d.ruleId === "schema/required" && d.instancePath?.startsWith("/status/")),
    );
}

/**
 * List items that are null: the API server would decode them as zero-value objects and then reject
 * them (required fields missing), so the simulators refuse them too, with their position.
 */
export function nullListItems(docs: readonly SourceDocument[], ruleId: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of docs) {
    const stack: [unknown, string][] = [[d.value, ""]];
    while (stack.length > 0) {
      const [v, ptr] = stack.pop()!;
      if (Array.isArray(v)) {
        v.forEach((item, i) => {
          const p = `${ptr}/${i}`;
          if (item === null) {
            const pos = d.positionOf(p);
            out.push({
              ruleId,
              severity: "error",
              message: `list item ${d.basePointer}${p} is null`,
              file: d.file,
              line: pos.line,
              column: pos.column,
              fix: "remove the empty list item",
            });
          } else stack.push([item, p]);
        });
      } else if (v !== null && typeof v === "object") {
        for (const [k, x] of Object.entries(v)) stack.push([x, `${ptr}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`]);
      }
    }
  }
  return out;
}

/**
 * The value at `pointer` inside `doc` seen as a document of its own (e.g. a scenario's
 * `/spec/objects/3`): positions resolve into the enclosing file.
 */
export function subDocument(doc: SourceDocument, pointer: string, value: unknown): SourceDocument {
  return {
    file: doc.file,
    index: doc.index,
    value,
    basePointer: doc.basePointer + pointer,
    positionOf: (p) => doc.positionOf(pointer + p),
    keyPositionOf: (p) => (p === "" ? doc.positionOf(pointer) : doc.keyPositionOf(pointer + p)),
  };
}

/** Both checks at once: schema errors, then null list items. */
export function inputObjectErrors(docs: readonly SourceDocument[], version: string, ruleId: string): Diagnostic[] {
  return [...schemaErrors(docs, version), ...nullListItems(docs, ruleId)];
}
