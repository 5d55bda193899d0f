// `prepare` (npm runs it on `npm install` in a checkout, and the Pulumi CLI runs `npm install` in the
// plugin's directory before every command that starts it): builds dist/ where the sources are, and
// only when a source is newer than the last build. A packed tarball has no tsconfig.build.json and
// ships dist/: nothing to do.
const fs = require("node:fs");
const path = require("node:path");
const { execSync } = require("node:child_process");

const ROOT = path.join(__dirname, "..");
const BUILT = path.join(ROOT, "dist", "provider", "package-schema.json");
const SOURCES = ["components", "provider", "testing", "cli"];
const FILES = ["package.json", "tsconfig.json", "tsconfig.build.json"];

function newest(entry) {
    const stat = fs.statSync(entry);
    if (!stat.isDirectory()) {
        return stat.mtimeMs;
    }
    return fs
        .readdirSync(entry)
        .reduce((latest, child) => Math.max(latest, newest(path.join(entry, child))), stat.mtimeMs);
}

if (fs.existsSync(path.join(ROOT, "tsconfig.build.json"))) {
    const built = fs.existsSync(BUILT) ? fs.statSync(BUILT).mtimeMs : 0;
    const sources = Math.max(
        ...[...SOURCES, ...FILES]
            .map((e) => path.join(ROOT, e))
            .filter(fs.existsSync)
            .map(newest),
    );
    if (sources > built) {
        execSync("npm run build", { cwd: ROOT, stdio: "inherit" });
    } else {
        console.log("prepare: dist/ is newer than every source, not rebuilt");
    }
}
