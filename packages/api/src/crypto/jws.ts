const utf8 = new TextDecoder();

/**
 * The payload of a JWS compact string, parsed as JSON, without verifying anything: callers either
 * have verified the signature already or only use it as a hint. Throws when it is not JSON.
 */
export function decodeJwsPayload(jws: string): unknown {
  return JSON.parse(utf8.decode(Buffer.from(jws.split('.')[1] ?? '', 'base64url')));
}
