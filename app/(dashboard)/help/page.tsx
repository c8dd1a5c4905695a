// /help opens the metric definitions (the docs are at /help/<doc>).
import { redirect } from 'next/navigation';
import { helpHref } from '@/lib/docs/read-doc';

export default function HelpIndex() {
  redirect(helpHref('metrics'));
}
