// Sets the security headers on every response (pages, /_next/static, public/ files, 404s). Next reads the
// nonce from the request's Content-Security-Policy header and puts it on its inline scripts while rendering.
import { NextResponse, type NextRequest } from "next/server";
import { newNonce, securityHeaders } from "@/lib/security/csp";

export function proxy(request: NextRequest) {
  const headers = securityHeaders(newNonce());
  const forwarded = new Headers(request.headers);
  forwarded.set("Content-Security-Policy", headers["Content-Security-Policy"]);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [key, value] of Object.entries(headers)) response.headers.set(key, value);
  return response;
}
