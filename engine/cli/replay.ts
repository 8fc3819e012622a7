import { notYetBuilt } from "./command.js";

export const replayCommand = notYetBuilt(
  "replay",
  "Replay a counterexample trace from a seed",
  `Usage: kubespec replay COUNTEREXAMPLE
`,
  "a later issue",
);
