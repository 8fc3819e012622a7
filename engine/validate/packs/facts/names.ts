/**
 * Kubernetes name and label syntax, mirroring kubernetes/kubernetes
 * staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go (IsDNS1123Label, IsDNS1123Subdomain,
 * IsDNS1035Label, IsQualifiedName, IsValidLabelValue, IsValidPortName). Each returns the first
 * problem as a short reason, or undefined when valid.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const IANA_SVC = /^[-a-z0-9]+$/;
const HAS_LETTER = /[a-z]/;

/** IsDNS1123Label: at most 63 lowercase alphanumerics or '-', alphanumeric at both ends. */
export function dns1123LabelProblem(v: string): string | undefined {
  if (v.length > 63) return "must be no more than 63 characters";
  if (!DNS1123_LABEL.test(v)) return "must be a lowercase RFC 1123 label (a-z, 0-9, '-', alphanumeric at both ends)";
  return undefined;
}

/** IsDNS1123Subdomain: at most 253 characters of dot-separated RFC 1123 labels. */
export function dns1123SubdomainProblem(v: string): string | undefined {
  if (v.length > 253) return "must be no more than 253 characters";
  if (!DNS1123_SUBDOMAIN.test(v)) {
    return "must be a lowercase RFC 1123 subdomain (a-z, 0-9, '-', '.', alphanumeric at both ends)";
  }
  return undefined;
}

/** IsDNS1035Label: at most 63 characters, starts with a letter (Service names). */
export function dns1035LabelProblem(v: string): string | undefined {
  if (v.length > 63) return "must be no more than 63 characters";
  if (!DNS1035_LABEL.test(v)) return "must be an RFC 1035 label (a-z, 0-9, '-', starting with a letter)";
  return undefined;
}

/** IsQualifiedName: `[prefix/]name`, prefix a DNS subdomain, name at most 63 characters. */
export function qualifiedNameProblem(v: string): string | undefined {
  const parts = v.split("/");
  let name = v;
  if (parts.length === 2) {
    const prefix = parts[0] ?? "";
    name = parts[1] ?? "";
    if (prefix.length === 0) return "prefix part must be non-empty";
    const p = dns1123SubdomainProblem(prefix);
    if (p) return `prefix part ${p}`;
  } else if (parts.length > 2) {
    return "must consist of an optional DNS subdomain prefix, '/', and a name";
  }
  if (name.length === 0) return "name part must be non-empty";
  if (name.length > 63) return "name part must be no more than 63 characters";
  if (!QUALIFIED_NAME.test(name)) {
    return "name part must be alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric";
  }
  return undefined;
}

/** IsValidLabelValue: empty, or at most 63 characters of the qualified-name alphabet. */
export function labelValueProblem(v: string): string | undefined {
  if (v.length > 63) return "must be no more than 63 characters";
  if (v !== "" && !QUALIFIED_NAME.test(v)) {
    return "must be empty or alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric";
  }
  return undefined;
}

/** IsValidPortName (IANA_SVC_NAME): at most 15 characters, a-z0-9 and '-', one letter, no '--', no '-' at ends. */
export function portNameProblem(v: string): string | undefined {
  if (v.length === 0 || v.length > 15) return "must be 1 to 15 characters";
  if (!IANA_SVC.test(v)) return "must contain only a-z, 0-9 and '-'";
  if (!HAS_LETTER.test(v)) return "must contain at least one letter";
  if (v.includes("--")) return "must not contain consecutive hyphens";
  if (v.startsWith("-") || v.endsWith("-")) return "must not begin or end with a hyphen";
  return undefined;
}
