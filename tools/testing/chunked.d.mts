export function decodeChunked(chunked: string): string;
