import { notYetBuilt } from "./command.js";

export const validateCommand = notYetBuilt(
  "validate",
  "Validate manifests: strict schema checks and rule packs, with file:line:column on every finding",
  `Usage: kubespec validate [PATH|-]... [options]

Validate Kubernetes manifests (files, directories, or - for stdin) against the API schema of the
selected Kubernetes version and the selected rule packs.
`,
  "issue #3",
);
