export function aptGetInstall(packages: readonly string[]): boolean;
