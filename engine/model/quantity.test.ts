import { describe, expect, it } from "vitest";
import { compareQuantities, isQuantity, quantityMilliValue, quantityValue } from "./quantity.js";

// Cases follow apimachinery's quantity_test.go (TestQuantityParse, TestMilliValue-style rounding up).
describe("quantities", () => {
  it.each([
    ["100m", 100, 1],
    ["1", 1000, 1],
    ["1.5", 1500, 2],
    ["0.1", 100, 1],
    ["2k", 2_000_000, 2000],
    ["1Ki", 1_024_000, 1024],
    ["128Mi", 134217728000, 134217728],
    ["1e3", 1_000_000, 1000],
    ["1E3", 1_000_000, 1000],
    ["5n", 1, 1],
    [2, 2000, 2],
    [0.25, 250, 1],
    ["-1", -1000, -1],
  ] as const)("%s has MilliValue %d and Value %d", (q, milli, value) => {
    expect(quantityMilliValue(q)).toBe(milli);
    expect(quantityValue(q)).toBe(value);
  });

  it.each(["", "1.2.3", "10 Mi", "1Mib", "abc", "1e", "Mi", "1KiB", "e3"])("rejects %j", (q) => {
    expect(isQuantity(q)).toBe(false);
    expect(quantityValue(q)).toBeNaN();
  });

  it("compares exactly across units", () => {
    expect(compareQuantities("1Gi", "1G")).toBeGreaterThan(0);
    expect(compareQuantities("1000m", "1")).toBe(0);
    expect(compareQuantities("500m", "0.5")).toBe(0);
    expect(compareQuantities("1Mi", "1049k")).toBeLessThan(0);
  });
});
