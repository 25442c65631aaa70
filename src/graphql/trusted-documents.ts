import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { PersistedQueryOptions } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Principal } from '../auth/principal.js';
import { grants } from '../auth/role.js';

/** The code of an operation refused because it is not a trusted document. */
export const NOT_TRUSTED = 'OPERATION_NOT_TRUSTED';

/** What a request asks to run: its text, and the hash of Apollo's persisted-query extension. */
export interface RequestedDocument {
  query: string | undefined;
  /** `extensions.persistedQuery.sha256Hash`: the SHA-256 of the text, in hex. */
  sha256Hash: string | undefined;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The documents a gateway with TRUSTED_DOCUMENTS_FILE runs (Apollo's "safelisting"), by the SHA-256 of their text
 * in hex: the persisted-documents manifest GraphQL Code Generator's client preset writes
 * (`clients/typescript/generated/persisted-documents.json`, `"sha256:<hex>": "<text>"`). A document is trusted when
 * its text is one of them character for character, which the client sends as the manifest has it.
 */
export class TrustedDocuments {
  private constructor(private readonly byHash: ReadonlyMap<string, string>) {}

  /** Reads the manifest at `file`; a problem (unreadable, not JSON, not a manifest) is one line in `problems`. */
  static read(file: string, problems: string[]): TrustedDocuments | undefined {
    const problem = (what: string) => {
      problems.push(`TRUSTED_DOCUMENTS_FILE: ${file} ${what}`);
      return undefined;
    };
    let manifest: unknown;
    try {
      manifest = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      const reason =
        error instanceof SyntaxError
          ? `is not JSON (${error.message})`
          : `cannot be read (${(error as Error).message})`;
      return problem(reason);
    }
    if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
      return problem(
        'is not a persisted-documents manifest: a JSON object of "sha256:<hex>": "<document>" is expected',
      );
    }
    const byHash = new Map<string, string>();
    for (const [key, text] of Object.entries(manifest)) {
      const hash = typeof text === 'string' ? sha256(text) : undefined;
      if (key !== `sha256:${hash}`) {
        return problem(
          `is not a persisted-documents manifest: entry "${key}" is not "sha256:" and the SHA-256 of its document`,
        );
      }
      byHash.set(hash!, text as string);
    }
    if (byHash.size === 0) return problem('holds no document: the gateway would refuse every operation');
    return new TrustedDocuments(byHash);
  }

  /** The text of a trusted document, by its SHA-256 in hex (a persisted query's hash). */
  text(sha256Hash: string): string | undefined {
    return this.byHash.get(sha256Hash);
  }

  /**
   * Apollo Server's persisted queries answered from the manifest: a request with a trusted document's hash and no
   * text runs that document. Nothing is ever added (an admin's ad-hoc operation is run, not remembered).
   */
  persistedQueries(): PersistedQueryOptions {
    return {
      cache: {
        // Apollo Server prefixes its keys with `apq:`.
        get: async (key) => this.byHash.get(key.replace(/^apq:/, '')),
        set: async () => {},
        delete: async () => false,
      },
    };
  }

  /**
   * Undefined when `caller` may run `requested`: a trusted document's text, or the hash of one with no text; or
   * anything at all for an authenticated admin. Otherwise the refusal, with `http` for Apollo Server to answer.
   */
  refusal(requested: RequestedDocument, caller: Principal, http?: { status: number }): GraphQLError | undefined {
    if (caller.kind !== 'ANONYMOUS' && grants(caller.roles, 'admin')) return undefined;
    const hash = requested.query !== undefined ? sha256(requested.query) : requested.sha256Hash;
    if (hash !== undefined && this.byHash.has(hash)) return undefined;
    return new GraphQLError(
      'This gateway runs only its trusted documents (TRUSTED_DOCUMENTS_FILE), and this operation is not one of them: ' +
        "send an operation of the client's persisted-documents manifest as the manifest has it, or call with an admin's key",
      { extensions: { code: NOT_TRUSTED, ...(http ? { http } : {}) } },
    );
  }
}

/** A persisted query's hash in a request's `extensions`, as Apollo Client's persisted-query link sends it. */
export function persistedQueryHash(extensions: unknown): string | undefined {
  if (typeof extensions !== 'object' || extensions === null) return undefined;
  const persisted = (extensions as { persistedQuery?: { sha256Hash?: unknown } }).persistedQuery;
  return typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
}

/**
 * What a request asks to run, from its GraphQL parameters: a POST's body or a GET's query string (where
 * `extensions` is JSON text), or a graphql-ws `subscribe` payload.
 */
export function requestedDocument(params: unknown): RequestedDocument {
  const { query, extensions } = (typeof params === 'object' && params !== null ? params : {}) as Record<
    string,
    unknown
  >;
  let parsed = extensions;
  if (typeof extensions === 'string') {
    try {
      parsed = JSON.parse(extensions);
    } catch {
      // Apollo Server refuses it as BAD_REQUEST; here it names no hash.
      parsed = undefined;
    }
  }
  return {
    query: typeof query === 'string' && query !== '' ? query : undefined,
    sha256Hash: persistedQueryHash(parsed),
  };
}

/**
 * The text a graphql-ws `subscribe` runs, or its refusal. graphql-ws needs a `query` string, so a persisted query
 * is sent with an empty one and the hash in `extensions`, as over HTTP.
 */
export function textOverSocket(
  trusted: TrustedDocuments | undefined,
  payload: { query: string; extensions?: unknown },
  caller: Principal,
): string | GraphQLError[] {
  if (trusted === undefined) return payload.query;
  const requested = requestedDocument(payload);
  const refusal = trusted.refusal(requested, caller);
  if (refusal) return [refusal];
  return requested.query ?? trusted.text(requested.sha256Hash ?? '') ?? payload.query;
}
