import { ApolloServerErrorCode } from '@apollo/server/errors';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { errorCode, formatError } from './errors.js';

/** How much errors tell the client beyond the error contract; both on in production. */
export interface ClientErrorOptions {
  /**
   * An unexpected error (a bug, not a client's mistake or a marketplace's refusal) reaches the client as
   * INTERNAL_SERVER_ERROR with a fixed message; its details go to the log only, found by the request id.
   */
  maskUnexpected: boolean;
  /** Validation errors do not suggest field or type names ("Did you mean …?"), which would map the schema. */
  hideSchemaDetails: boolean;
}

const SUGGESTION = / ?Did you mean .+\?$/;

/** The message an unexpected error is replaced with; the request id travels in `extensions.requestId`. */
export const UNEXPECTED_ERROR_MESSAGE = 'Unexpected error in the gateway; quote the request id when reporting it';

/**
 * The one formatter of errors bound for a client, over HTTP (Apollo's formatError) and websockets (graphql-ws's
 * onNext and onError): the error contract first, then what `options` hides.
 */
export function clientErrorFormatter(options: ClientErrorOptions): ErrorFormatter {
  return (formatted, error) => {
    const shaped = formatError(formatted, error);
    const code = shaped.extensions?.code;
    if (options.maskUnexpected && (code === undefined || code === ApolloServerErrorCode.INTERNAL_SERVER_ERROR)) {
      return {
        message: UNEXPECTED_ERROR_MESSAGE,
        ...(shaped.locations ? { locations: shaped.locations } : {}),
        ...(shaped.path ? { path: shaped.path } : {}),
        extensions: { code: ApolloServerErrorCode.INTERNAL_SERVER_ERROR, httpStatus: 500 },
      };
    }
    const told = withoutStackUnlessUnexpected(shaped, code);
    if (options.hideSchemaDetails && code === ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED) {
      return { ...told, message: told.message.replace(SUGGESTION, '') };
    }
    return told;
  };
}

/** Formats errors as Apollo's `formatError` does: the shape Apollo made, and the error it came from. */
export type ErrorFormatter = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/**
 * An error as graphql-js holds it, shaped as Apollo Server would (with its code) and then by `format`: for what
 * Apollo does not format itself (graphql-ws results, partial failures added after execution).
 */
export function formatGraphQLError(format: ErrorFormatter, error: GraphQLError): GraphQLFormattedError {
  return format({ ...error.toJSON(), extensions: { ...error.extensions, code: errorCode(error) } }, error);
}

/**
 * A refusal (FORBIDDEN, BAD_USER_INPUT, a marketplace's code) is the answer, not a fault: a stack trace (which
 * Apollo adds outside production) would only show the gateway's files. Unexpected errors keep it, for debugging.
 */
function withoutStackUnlessUnexpected(error: GraphQLFormattedError, code: unknown): GraphQLFormattedError {
  if (code === ApolloServerErrorCode.INTERNAL_SERVER_ERROR || error.extensions?.stacktrace === undefined) return error;
  const { stacktrace: _stacktrace, ...extensions } = error.extensions;
  return { ...error, extensions };
}
