import { notYetBuilt } from "./command.js";

export const simulateCommand = notYetBuilt(
  "simulate",
  "Run a Scenario through the kubelet, scheduler and controllers and print the timeline",
  `Usage: kubespec simulate SCENARIO [-o text|json] [--until DURATION]
`,
  "issue #4",
);
