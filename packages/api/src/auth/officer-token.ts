import { TiemengError } from '../errors/index.ts';
import type { Signer } from '../keys/signer.ts';
import { ROLES, type Role } from './roles.ts';

export const OFFICER_TOKEN_TYP = 'officer+jwt';

/** Who is calling, as proven by an officer token. */
export interface OfficerIdentity {
  officerId: string;
  username: string;
  station: string;
  roles: Role[];
  /**
   * The account's credentials version the token was issued under (a password change or reset raises
   * it, refusing older tokens). Absent for trusted in-process callers, which present no token.
   */
  credentialsVersion?: number;
}

/**
 * Signs an officer token. `signedInAt` (the `auth_time` claim) is when the password was last checked:
 * a renewed token keeps it, so renewals end once the sign-in is `auth.sessionHours` old.
 */
export async function issueOfficerToken(
  signer: Signer,
  officer: OfficerIdentity,
  ttlSeconds: number,
  signedInAt: Date,
): Promise<string> {
  return signer.signJwt(
    {
      sub: officer.officerId,
      name: officer.username,
      station: officer.station,
      roles: officer.roles,
      auth_time: Math.floor(signedInAt.getTime() / 1000),
      ver: officer.credentialsVersion ?? 0,
    },
    { audience: signer.nodeId, ttlSeconds, typ: OFFICER_TOKEN_TYP },
  );
}

/** Verifies an officer token issued by this node; throws TOKEN_INVALID otherwise. */
export async function verifyOfficerToken(
  signer: Signer,
  token: string,
): Promise<{ officer: OfficerIdentity; expiresAt: number; signedInAt: number }> {
  try {
    const claims = await signer.verifyOwnJwt(token, { audience: signer.nodeId, typ: OFFICER_TOKEN_TYP });
    const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is Role => ROLES.includes(r)) : [];
    if (typeof claims.sub !== 'string' || typeof claims.station !== 'string' || claims.exp === undefined)
      throw new Error('claims missing');
    // Tokens from before `auth_time` was signed count from when they were issued.
    const signedInAt = typeof claims.auth_time === 'number' ? claims.auth_time : claims.iat;
    if (signedInAt === undefined) throw new Error('claims missing');
    return {
      officer: {
        officerId: claims.sub,
        username: String(claims.name ?? ''),
        station: claims.station,
        roles,
        // Tokens from before versions were signed count as version 0, the version every account starts at.
        credentialsVersion: typeof claims.ver === 'number' ? claims.ver : 0,
      },
      expiresAt: claims.exp * 1000,
      signedInAt: signedInAt * 1000,
    };
  } catch {
    throw new TiemengError('TOKEN_INVALID');
  }
}
