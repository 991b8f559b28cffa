interface Workload {
  readonly kind: string;
  readonly metadata?: { readonly name?: string };
}
export function scales(object: unknown, workload: Workload): boolean;
