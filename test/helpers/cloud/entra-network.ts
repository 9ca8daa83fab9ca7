import {
  ClientAuthError,
  ClientAuthErrorCodes,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';

/**
 * An msal-node network module that carries every request msal makes (it only ever talks to Entra hosts
 * such as https://login.microsoftonline.com) to the Entra stand-in at `baseUrl`, keeping path and query.
 * msal still believes it talks to the real host, so authority and issuer checks run as in production.
 */
export function entraNetworkTo(baseUrl: string): INetworkModule {
  const origin = new URL(baseUrl).origin;

  async function send<T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions, timeoutMs?: number) {
    const asked = new URL(url);
    const response = await fetch(`${origin}${asked.pathname}${asked.search}`, {
      method,
      headers: options?.headers ?? {},
      ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
      ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
    });
    return toNetworkResponse<T>(response, options?.correlationId ?? '');
  }

  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeout?: number) =>
      send<T>('GET', url, options, timeout),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>('POST', url, options),
  };
}

/** The shape msal's own HTTP client returns: lower-case header names, the JSON body, the status. */
async function toNetworkResponse<T>(response: Response, correlationId: string): Promise<NetworkResponse<T>> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const text = await response.text();
  try {
    return { headers, body: JSON.parse(text) as T, status: response.status };
  } catch {
    // Same error msal's built-in client raises for a body that is not JSON, so failures read alike.
    throw new ClientAuthError(
      ClientAuthErrorCodes.tokenParsingError,
      correlationId,
      `Failed to parse response (HTTP ${response.status})`,
    );
  }
}
