import type { Response } from 'express';

/** Kite's error types with the HTTP status Kite answers them with. */
export const KITE_HTTP_STATUS = {
  TokenException: 403,
  PermissionException: 403,
  UserException: 403,
  InputException: 400,
  OrderException: 400,
  MarginException: 400,
  HoldingException: 400,
  NetworkException: 503,
  DataException: 502,
  GeneralException: 500,
} as const;
export type KiteErrorType = keyof typeof KITE_HTTP_STATUS;

/** A refusal the simulator answers with Kite's error envelope. */
export class KiteHttpError extends Error {
  constructor(
    readonly errorType: KiteErrorType,
    message: string,
    readonly httpStatus: number = KITE_HTTP_STATUS[errorType],
  ) {
    super(message);
    this.name = 'KiteHttpError';
  }
}

/** `{"status":"success","data":...}` as application/json. */
export function sendData(res: Response, data: unknown): void {
  res.status(200).json({ status: 'success', data });
}

/** `{"status":"error","message","error_type","data":null}` with Kite's HTTP status. */
export function sendError(res: Response, e: KiteHttpError): void {
  res.status(e.httpStatus).json({ status: 'error', message: e.message, error_type: e.errorType, data: null });
}

export const inputError = (message: string): KiteHttpError => new KiteHttpError('InputException', message);
export const tokenError = (message: string): KiteHttpError => new KiteHttpError('TokenException', message);
export const orderError = (message: string): KiteHttpError => new KiteHttpError('OrderException', message);
export const tooManyRequests = (): KiteHttpError => new KiteHttpError('NetworkException', 'Too many requests', 429);
