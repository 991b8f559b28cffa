import { STATUS_CODES } from 'node:http';

/** The body of every error: `{ statusCode, error, message }`, in that order. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

export function errorBody(statusCode: number, message: string): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}
