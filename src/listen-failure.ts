/** The fields Node sets on the error of a failed listen (or of the look-up of the host before it). */
interface SystemError extends Error {
  code?: string;
  syscall?: string;
}

/** The variables that set a port the gateway listens on, each with its default, for the example. */
const PORT_DEFAULTS = { PORT: 4000, METRICS_PORT: 9464 } as const;

/**
 * The one line an operator needs when the server cannot listen: what happened, where, and which variable to
 * change (`variable`: the API's PORT, or METRICS_PORT). A stack trace would only bury that. Undefined for any other
 * error, which keeps its stack.
 */
export function listenFailure(
  error: unknown,
  host: string,
  port: number,
  variable: keyof typeof PORT_DEFAULTS = 'PORT',
): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, syscall } = error as SystemError;
  const where = `Cannot listen on ${host}:${port}`;
  switch (code) {
    case 'EADDRINUSE':
      return `${where}: port ${port} is already in use. Set ${variable} to a free port, or stop what is using it.`;
    case 'EACCES': {
      const why = port < 1024 ? ' (ports below 1024 need privileges)' : '';
      return `${where}: permission denied${why}. Set ${variable} to a port this user may open, e.g. ${variable}=${PORT_DEFAULTS[variable]}.`;
    }
    case 'EADDRNOTAVAIL':
      return `${where}: ${host} is not an address of this machine. Set HOST to one of its addresses, or 0.0.0.0 for all.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${where}: the host name ${host} does not resolve. Set HOST to an address of this machine, or 0.0.0.0 for all.`;
  }
  return syscall === 'listen' ? `${where}: ${error.message}. Check HOST and ${variable}.` : undefined;
}
