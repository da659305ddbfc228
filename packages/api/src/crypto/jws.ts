const utf8 = new TextDecoder();

/**
 * The payload of a JWS compact string, parsed as JSON, without verifying anything: callers either
 * have verified the signature already or only use it as a hint. Throws when it is not JSON.
 */
export function decodeJwsPayload(jws: string): unknown {
  const dot = jws.indexOf('.');
  const end = dot < 0 ? -1 : jws.indexOf('.', dot + 1);
  const payload = dot < 0 ? '' : jws.slice(dot + 1, end < 0 ? undefined : end);
  return JSON.parse(utf8.decode(Buffer.from(payload, 'base64url')));
}
