// The generated docs as files: each language's template (docs/src/extracts.<lang>.md) read from
// the repository and turned into docs/extracts[.<lang>].md by lib/docs/extracts-doc.ts.
// scripts/docs.ts writes them; tests/unit/docs compares them with what is committed.
import fs from 'node:fs';
import path from 'node:path';
import { buildExtractsDoc, docLangs, extractsDocPath, extractsTemplatePath } from './extracts-doc';

export interface GeneratedDoc {
  /** Path relative to the repository root. */
  file: string;
  content: string;
}

/** Every generated doc as the current templates and contract give it (`root`: the repository). */
export function generateDocs(root: string): GeneratedDoc[] {
  return docLangs.map((lang) => ({
    file: extractsDocPath(lang),
    content: buildExtractsDoc(lang, fs.readFileSync(path.join(root, extractsTemplatePath(lang)), 'utf8')),
  }));
}

/** The generated docs whose file on disk differs from what generateDocs gives (missing ones too). */
export function staleDocs(root: string): GeneratedDoc[] {
  return generateDocs(root).filter((d) => {
    const file = path.join(root, d.file);
    return !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== d.content;
  });
}
