import { notYetBuilt } from "./command.js";

export const policyCommand = notYetBuilt(
  "policy",
  "Policy unit tests and impact diffs: policy test | policy diff",
  `Usage:
  kubespec policy test DIR
  kubespec policy diff --old RULES --new RULES PATH...
`,
  "a later issue",
);
