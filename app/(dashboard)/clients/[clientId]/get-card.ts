// The card's client for the signed-in caller, read once per request (layout and page share it).
import { cache } from 'react';
import { requirePageScope } from '@/lib/auth/session';
import { getClient } from '@/lib/clients/get-client';

/** Null when missing or outside the caller's scope. `rawParam` is the URL segment as the page gets
 * it: Next 16 hands pages the still-encoded segment (route handlers get it decoded). */
export const getCardClient = cache(async (rawParam: string) => getClient(await requirePageScope(), decodeSegment(rawParam)));

/** The client id from the still-encoded URL segment; a malformed escape is taken as is. */
export function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
