import { describe, expect, it } from "vitest";
import { parseStream } from "../io/yaml.js";
import { DiagnosticError } from "../model/diagnostic.js";
import type { KubeObject } from "../model/k8s.js";
import { loadScenarioText } from "../scenario/load.js";
import { validateWorkload } from "./validate-workload.js";

function check(text: string) {
  const r = parseStream(text, "w.yaml");
  const d = r.documents[0];
  if (!d) throw new Error("no document");
  return validateWorkload(d.value as KubeObject, d).map((x) => `${x.severity} ${x.line}:${x.column} ${x.message}`);
}

const sts = (extra: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: a, image: x}]}
${extra}`;

describe("workload validation", () => {
  it("accepts a valid StatefulSet", () => {
    expect(check(sts("  replicas: 3"))).toEqual([]);
  });

  it("rejects negative replicas at the field", () => {
    expect(check(sts("  replicas: -1"))).toEqual([
      "error 9:13 StatefulSet web: spec.replicas must be a non-negative integer (got -1)",
    ]);
  });

  it("rejects a selector that does not match the template", () => {
    const text = sts("  replicas: 1").replace("matchLabels: {app: web}}", "matchLabels: {app: db}}");
    expect(check(text)).toEqual(["error 5:13 StatefulSet web: `selector` does not match template `labels`"]);
  });

  it("warns about a partition above replicas, which Kubernetes accepts", () => {
    expect(check(sts("  replicas: 2\n  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 5}}"))).toEqual(
      [
        "warning 10:68 StatefulSet web: partition 5 is above replicas 2: a rolling update will replace no pod (Kubernetes accepts this)",
      ],
    );
  });

  it("rejects unknown update strategies and management policies", () => {
    expect(check(sts("  updateStrategy: {type: Rolling}\n  podManagementPolicy: Burst"))).toEqual([
      'error 9:26 StatefulSet web: unknown updateStrategy.type "Rolling"',
      'error 10:24 StatefulSet web: unknown podManagementPolicy "Burst"',
    ]);
  });

  it("rejects a Deployment whose maxSurge and maxUnavailable are both 0", () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  selector: {matchLabels: {app: api}}
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 0, maxUnavailable: "0%"}}
  template: {metadata: {labels: {app: api}}, spec: {containers: [{name: a}]}}`;
    expect(check(text)).toEqual(["error 6:80 Deployment api: may not be 0 when `maxSurge` is 0"]);
  });

  it("rejects a Job with restartPolicy Always and a CronJob with a bad schedule", () => {
    const job = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "61 * * * *"
  jobTemplate:
    spec:
      template:
        spec: {restartPolicy: Always, containers: [{name: a}]}`;
    expect(check(job)).toEqual([
      'error 5:13 CronJob nightly: schedule "61 * * * *" is invalid: minute: end of range (61) above maximum (59)',
      'error 9:16 CronJob nightly: a Job\'s pods need restartPolicy OnFailure or Never (got "Always")',
    ]);
  });

  it("makes the scenario loader report the problem with file:line:column", () => {
    const text = `apiVersion: kubespec.io/v1alpha1
kind: Scenario
metadata: {name: bad}
spec:
  objects:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: api}
    spec:
      replicas: -2
      selector: {matchLabels: {app: api}}
      template: {metadata: {labels: {app: api}}, spec: {containers: [{name: a}]}}
`;
    let err: unknown;
    try {
      loadScenarioText(text, "s.yaml");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DiagnosticError);
    const d = (err as DiagnosticError).diagnostics[0];
    expect([d?.file, d?.line, d?.column, d?.instancePath]).toEqual(["s.yaml", 10, 17, "/spec/objects/0/spec/replicas"]);
    expect(d?.fix).toBe("set replicas to 0 or more");
  });
});
