import { notYetBuilt } from "./command.js";

export const explainCommand = notYetBuilt(
  "explain",
  "Explain what Kubernetes would do: explain pod FILE | explain scheduling --pod POD --nodes NODES",
  `Usage:
  kubespec explain pod FILE [--terminal] [-o text|json]
  kubespec explain scheduling --pod POD.yaml --nodes NODES.yaml [--existing PODS.yaml] [--config KSC.yaml] [-o text|json]
`,
  "issues #4 and #5",
);
