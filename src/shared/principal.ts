/**
 * Who is asking: the token's subject, whether it may act as an admin, and whether holding limits spare it (admins and
 * trusted clients: a token with `trusted: true`, such as a travel agency's).
 */
export type Principal = { readonly userId: string; readonly admin: boolean; readonly exempt?: boolean };
