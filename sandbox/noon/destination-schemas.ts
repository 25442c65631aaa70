import { z } from 'zod';
import { EVENT_TYPES } from './destinations.js';

// Request shapes of the destination API; a mismatch is noon's 422 VALIDATION_ERROR (see validation.ts).

const text = z.string().min(1, 'must not be empty');

/** An HTTP field name (RFC 9110 `token`): what noon takes as a credential header's name. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Hosts the sandbox lets through over plain HTTP: a gateway started on this machine has no certificate. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** noon supports only HTTPS destinations; the sandbox also takes http:// on loopback (docs/noon-fbpi.md). */
const destinationUrl = z.url({ message: 'must be an absolute URL' }).refine((value) => {
  const url = new URL(value);
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}, 'must be an https:// URL: only HTTPS destinations are supported');

const credentials = z.object({
  values: z
    .record(z.string().regex(HEADER_NAME, 'must be an HTTP header name'), text)
    .refine(
      (values) => new Set(Object.keys(values).map((name) => name.toLowerCase())).size === Object.keys(values).length,
      'must not name a header twice (header names are case-insensitive)',
    ),
});

export const createDestinationBody = z.object({
  destination_name: text,
  url: destinationUrl,
  credentials,
});

export const updateDestinationBody = z.object({
  destination_name: text.optional(),
  is_active: z.boolean().optional(),
  url: destinationUrl.optional(),
  credentials: credentials.optional(),
  event_types: z.array(z.object({ event_type: z.enum(EVENT_TYPES), is_active: z.boolean() })).optional(),
});
