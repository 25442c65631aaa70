import { NotSupported, type NotSupportedCode } from '../../../src/domain/errors.js';
import { Marketplace } from '../../../src/domain/marketplace.js';
import { UpstreamError } from '../../../src/http/upstream-error.js';

/**
 * A request noon has no way to carry out, refused before any call: the error contract's `code` and `marketplace`,
 * with the status the refusal stands for (noon was never asked).
 */
export function notSupportedByNoon(code: NotSupportedCode, message: string): NotSupported {
  return new NotSupported(Marketplace.NOON, message, code);
}

/**
 * The OrderSource contract names an unknown order ORDER_NOT_FOUND; whatever code noon itself gives a 404 about an
 * order, it leaves here under that name (the original stays as the cause).
 */
export function asOrderNotFound(error: unknown, fbpiOrderNr: string): unknown {
  if (!(error instanceof UpstreamError) || error.httpStatus !== 404 || error.code === 'ORDER_NOT_FOUND') return error;
  return new UpstreamError({
    marketplace: error.marketplace,
    kind: error.kind,
    code: 'ORDER_NOT_FOUND',
    message: `noon has no FBPI order ${fbpiOrderNr}: ${error.message}`,
    httpStatus: error.httpStatus,
    details: error.details,
    body: error.body,
    cause: error,
  });
}
