// A phone number as a link that dials it, shown in the one phone format (lib/format formatPhone:
// `+7 (912) 345-67-89`; a number that is not Russian as it was written).
import { formatPhone, telHref } from '@/lib/format';

export function Tel({ phone, fallback = null }: { phone: string | null | undefined; fallback?: string | null }) {
  if (!phone || !phone.trim()) return <>{fallback}</>;
  return <a href={telHref(phone)} className="nowrap">{formatPhone(phone)}</a>;
}
