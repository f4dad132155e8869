/** Who is asking: the token's subject, and whether it may act as an admin. */
export type Principal = { readonly userId: string; readonly admin: boolean };
