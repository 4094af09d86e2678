/** An answer in the contract's `{"detail": ...}` shape. */
export function detailResponse(status: number, detail: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ detail }), { status, headers: { 'content-type': 'application/json', ...headers } });
}
