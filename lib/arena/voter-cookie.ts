// The voter cookie's name and attributes. Over HTTPS it is a `__Host-` cookie: browsers
// then require Secure and Path=/ and refuse a Domain, so neither a sibling subdomain nor
// a plain-HTTP response on the same host can set or overwrite it.

export const PLAIN_VOTER_COOKIE = "arena_voter";
export const HOST_VOTER_COOKIE = "__Host-arena_voter";
const ONE_YEAR_S = 60 * 60 * 24 * 365;

export function voterCookie(secure: boolean) {
  return {
    name: secure ? HOST_VOTER_COOKIE : PLAIN_VOTER_COOKIE,
    options: { httpOnly: true, sameSite: "lax" as const, secure, path: "/", maxAge: ONE_YEAR_S },
  };
}

/** Names to read, preferred first: a voter from before HTTPS keeps their plain cookie's id. */
export const voterCookieNames = (secure: boolean): string[] =>
  secure ? [HOST_VOTER_COOKIE, PLAIN_VOTER_COOKIE] : [PLAIN_VOTER_COOKIE];
