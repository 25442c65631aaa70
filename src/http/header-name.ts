/** An HTTP field name (RFC 9110 `token`): what a header configured by a user must look like before it is sent or expected. */
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
