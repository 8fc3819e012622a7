import { notYetBuilt } from "./command.js";

export const fuzzCommand = notYetBuilt(
  "fuzz",
  "Fuzz a Scenario with random event sequences and report the smallest trace that breaks an invariant",
  `Usage: kubespec fuzz SCENARIO [--seed N] [--runs N]
`,
  "a later issue",
);
