import { describe, expect, it } from "vitest";
import { memoryIO } from "./io.js";
import { COMMANDS, main } from "./main.js";

describe("kubespec CLI dispatcher", () => {
  it("lists every command in --help and exits 0", async () => {
    const io = memoryIO();
    expect(await main(["--help"], io)).toBe(0);
    for (const name of ["validate", "explain", "simulate", "fuzz", "replay", "policy"]) {
      expect(io.out).toMatch(new RegExp(`^  ${name} `, "m"));
    }
  });

  it("prints usage and exits 2 when no command is given", async () => {
    const io = memoryIO();
    expect(await main([], io)).toBe(2);
    expect(io.out).toContain("Usage: kubespec <command>");
  });

  it("prints the package version", async () => {
    const io = memoryIO();
    expect(await main(["--version"], io)).toBe(0);
    expect(io.out).toMatch(/^kubespec \d+\.\d+\.\d+\n$/);
  });

  it("suggests the nearest command for a typo and exits 2", async () => {
    const io = memoryIO();
    expect(await main(["simulat"], io)).toBe(2);
    expect(io.err).toContain("Did you mean 'simulate'?");
  });

  it.each(COMMANDS.map((c) => c.name))("answers --help for %s with its usage", async (name) => {
    const io = memoryIO();
    expect(await main([name, "--help"], io)).toBe(0);
    expect(io.out).toMatch(/Usage/);
  });
});
