import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { request as graphqlRequest } from 'graphql-request';
import type { Client, FormattedExecutionResult } from 'graphql-ws';
import manifest from './generated/persisted-documents.json' with { type: 'json' };

export * from './generated/graphql.js';
export { manifest as persistedDocuments };

/** Every generated document carries its key in the persisted-documents manifest (`sha256:<hex of its text>`). */
interface PersistedDocument {
  __meta__?: { hash?: unknown };
}

const texts: Readonly<Record<string, string | undefined>> = manifest;

/**
 * The text to send for a generated document: the manifest's, character for character, so that a gateway running
 * only trusted documents (TRUSTED_DOCUMENTS_FILE) finds it by the SHA-256 of what it receives.
 */
export function documentText(document: TypedDocumentNode<unknown, never>): string {
  const hash = (document as PersistedDocument).__meta__?.hash;
  const text = typeof hash === 'string' ? texts[hash] : undefined;
  if (text === undefined) throw new Error('not a document of clients/typescript/operations (run `npm run codegen`)');
  return text;
}

/**
 * Runs a query or mutation over HTTP with graphql-request, its variables and answer typed by the document. A
 * GraphQL error rejects with graphql-request's ClientError, which holds the response.
 */
export function request<Result, Variables extends Record<string, unknown>>(
  url: string,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
  headers?: Record<string, string>,
): Promise<Result> {
  return graphqlRequest<Result>({
    url,
    document: documentText(document as TypedDocumentNode<unknown, never>),
    variables,
    ...(headers ? { requestHeaders: headers } : {}),
  });
}

/**
 * Runs a subscription over a graphql-ws client: each result as it arrives, typed by the document. Ending the loop
 * (`break`, `return()`) completes the subscription; the socket stays the client's.
 */
export function subscribe<Result, Variables extends Record<string, unknown>>(
  client: Client,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
): AsyncIterableIterator<FormattedExecutionResult<Result, unknown>> {
  return client.iterate<Result>({ query: documentText(document as TypedDocumentNode<unknown, never>), variables });
}
