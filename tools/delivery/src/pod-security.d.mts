export const POD_SECURITY_VERSION: string;
export function podSecurityProblems(object: { kind: string }): { path: string; message: string }[];
