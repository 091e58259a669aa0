/** Registry configs: whether an .npmrc holds a credential itself (not a `${VAR}` filled in at install time). */
export function npmrcHoldsToken(text: string): boolean {
  return /^\s*(\/\/[^\s=]*:)?(_authToken|_auth|_password)\s*=\s*(?!\$\{[A-Za-z_][A-Za-z0-9_]*\}\s*$)\S/m.test(text);
}
