/**
 * The value formats the Kubernetes API server decodes strictly, registered on ajv.
 * Each mirrors the upstream decoder that would reject the value.
 */
import type { Ajv, Format } from "ajv";
import { isQuantity } from "../model/quantity.js";

/** RFC 3339 as metav1.Time.UnmarshalJSON parses it (time.RFC3339; fractional seconds allowed). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
/** Go's base64.StdEncoding (padded) as encoding/json decodes []byte; \r and \n are ignored. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Go time.ParseDuration ("1h30m", "300ms", "-1.5h"), as metav1.Duration decodes it. */
const GO_DURATION = /^[+-]?(?:0|(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
/** ISO 8601 durations (P1DT2H) also accepted for OpenAPI `format: duration` in CRDs. */
const ISO_DURATION =
  /^P(?!$)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?W)?(?:\d+(?:\.\d+)?D)?(?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?$/;

/** Human description of each format, for messages. */
export const FORMAT_DESCRIPTIONS: Readonly<Record<string, string>> = {
  quantity: "a resource quantity such as 500m, 1.5, 128Mi or 1e3",
  "date-time": "an RFC 3339 timestamp such as 2024-01-02T15:04:05Z",
  byte: "base64-encoded data",
  duration: "a duration such as 30s, 1h30m or P1D",
  int32: "a 32-bit integer",
  int64: "a 64-bit integer",
};

const FORMATS: Readonly<Record<string, Format>> = {
  // Quantity.UnmarshalJSON → ParseQuantity (k8s.io/apimachinery/pkg/api/resource/quantity.go).
  quantity: { type: "string", validate: (s: string) => isQuantity(s) },
  "date-time": { type: "string", validate: (s: string) => RFC3339.test(s) },
  byte: { type: "string", validate: (s: string) => BASE64.test(s.replace(/[\r\n]/g, "")) },
  duration: { type: "string", validate: (s: string) => GO_DURATION.test(s) || ISO_DURATION.test(s) },
  int32: { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 },
  int64: { type: "number", validate: (n: number) => Number.isInteger(n) },
  float: { type: "number", validate: () => true },
  double: { type: "number", validate: () => true },
};

/** Register kubespec's formats on an ajv instance. */
export function addKubernetesFormats(ajv: Ajv): void {
  for (const [name, f] of Object.entries(FORMATS)) ajv.addFormat(name, f);
}

/** Whether kubespec checks this format (others in CRD schemas are ignored, as the API server does). */
export function isKnownFormat(name: string): boolean {
  return Object.hasOwn(FORMATS, name);
}
