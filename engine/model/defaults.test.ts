import { readFileSync } from "node:fs";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { defaultPod } from "./defaults.js";
import type { Pod } from "./k8s.js";

const table = yaml.load(readFileSync(new URL("../../fixtures/kubelet/defaults.yaml", import.meta.url), "utf8")) as {
  imagePullPolicy: { image: string; policy: string }[];
};

const pod = (extra: Partial<Pod["spec"]> = {}): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p" },
  spec: { containers: [{ name: "app", image: "nginx:1.25" }], ...extra },
});

describe("pod defaulting", () => {
  for (const c of table.imagePullPolicy) {
    it(`defaults imagePullPolicy of ${c.image} to ${c.policy}`, () => {
      const d = defaultPod(pod({ containers: [{ name: "app", image: c.image }] }), "1.36");
      expect(d.pod.spec.containers[0]?.imagePullPolicy).toBe(c.policy);
    });
  }

  it("defaults restartPolicy Always, a 30s grace period, ClusterFirst DNS and the default scheduler", () => {
    const d = defaultPod(pod(), "1.36").pod.spec;
    expect([
      d.restartPolicy,
      d.terminationGracePeriodSeconds,
      d.dnsPolicy,
      d.schedulerName,
      d.enableServiceLinks,
    ]).toEqual(["Always", 30, "ClusterFirst", "default-scheduler", true]);
  });

  it("copies limits into missing requests, per resource, for containers and init containers", () => {
    const c = {
      name: "c",
      image: "x:1",
      resources: { limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "500m" } },
    };
    const d = defaultPod(pod({ containers: [c], initContainers: [{ ...c, name: "i" }] }), "1.36");
    expect(d.pod.spec.containers[0]?.resources?.requests).toEqual({ cpu: "500m", memory: "1Gi" });
    expect(d.pod.spec.initContainers?.[0]?.resources?.requests).toEqual({ cpu: "500m", memory: "1Gi" });
    expect(d.rules).toContain("defaults/requests-from-limits");
  });

  it("sets hostPort to containerPort with hostNetwork, and the TCP protocol", () => {
    const d = defaultPod(
      pod({ hostNetwork: true, containers: [{ name: "c", image: "x:1", ports: [{ containerPort: 8080 }] }] }),
      "1.36",
    );
    expect(d.pod.spec.containers[0]?.ports?.[0]).toEqual({ containerPort: 8080, hostPort: 8080, protocol: "TCP" });
  });

  it("adds the 300s not-ready and unreachable NoExecute tolerations unless the pod has its own", () => {
    const d = defaultPod(pod(), "1.36");
    expect(d.pod.spec.tolerations).toEqual([
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    ]);
    const own = defaultPod(
      pod({
        tolerations: [
          { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 5 },
        ],
      }),
      "1.36",
    );
    expect(own.pod.spec.tolerations?.filter((t) => t.key === "node.kubernetes.io/unreachable")).toEqual([
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 5 },
    ]);
  });

  it("never mutates the input pod", () => {
    const p = pod({ containers: [{ name: "app", image: "nginx", resources: { limits: { cpu: "1" } } }] });
    const before = JSON.stringify(p);
    Object.freeze(p);
    defaultPod(p, "1.36");
    expect(JSON.stringify(p)).toBe(before);
  });
});
