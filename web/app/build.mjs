// Build the rider app into the Python package (mobile_api/webapp/built), byte for byte the same on
// every run with the same sources: content-hashed asset names, no timestamps, sorted file lists.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "..", "mobile_api", "webapp", "built");
const SHELL_BUDGET_GZIP_BYTES = 150 * 1024;

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const common = { absWorkingDir: here, bundle: true, minify: true, target: "es2020", legalComments: "none", logLevel: "warning" };

const app = await build({
  ...common,
  entryPoints: { app: join(here, "src", "main.tsx") },
  outdir: join(out, "assets"),
  entryNames: "[name]-[hash]",
  assetNames: "[name]-[hash]",
  format: "esm",
  jsx: "automatic",
  jsxImportSource: "preact",
  metafile: true,
});
// Metafile paths are relative to absWorkingDir (here), whatever directory the build runs from.
const outputs = Object.keys(app.metafile.outputs).map((p) => relative(out, resolve(here, p)).split(sep).join("/"));
const js = outputs.find((p) => p.endsWith(".js"));
const css = outputs.find((p) => p.endsWith(".css"));

cpSync(join(here, "public"), out, { recursive: true });
const index = readFileSync(join(here, "index.html"), "utf8").replace("__JS__", `/app/${js}`).replace("__CSS__", `/app/${css}`);
writeFileSync(join(out, "index.html"), index);

function files(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
}

// The service worker precaches every other file; its cache name is their content hash.
const shellFiles = files(out).map((p) => relative(out, p).split(sep).join("/")).filter((p) => p !== "index.html");
const version = createHash("sha256");
for (const name of [...shellFiles, "index.html"]) version.update(name).update(readFileSync(join(out, name)));
await build({
  ...common,
  entryPoints: [join(here, "src", "sw.ts")],
  outfile: join(out, "sw.js"),
  format: "iife",
  define: {
    __SHELL__: JSON.stringify(["/app/", ...shellFiles.map((p) => `/app/${p}`)]),
    __VERSION__: JSON.stringify(version.digest("hex").slice(0, 16)),
  },
});

let total = 0;
for (const file of files(out)) {
  const gz = gzipSync(readFileSync(file), { level: 9 }).length;
  total += gz;
  console.log(`${relative(out, file).padEnd(40)} ${String(gz).padStart(7)} B gzipped`);
}
console.log(`${"total".padEnd(40)} ${String(total).padStart(7)} B gzipped (budget ${SHELL_BUDGET_GZIP_BYTES})`);
if (total > SHELL_BUDGET_GZIP_BYTES) {
  console.error("the app shell is over its 150 KB gzipped budget");
  process.exit(1);
}
