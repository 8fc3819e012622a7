import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "engine/**/*.test.ts",
      "properties/**/*.test.ts",
      "spec/**/*.test.ts",
      "fixtures/**/*.test.ts",
      "bench/**/*.test.ts",
    ],
    testTimeout: 120_000,
    pool: "forks",
    reporters: ["default", "./scripts/summary-reporter.ts"],
  },
});
