// Installs the AWS emulator (moto's server) the doctor's tests run against into .venv/ under the
// repository, once: run by `npm test` (pretest) and by CI. Without Python 3 it prints why and exits
// 0, and the moto suite skips itself with the same message.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const venv = join(root, ".venv");
const requirements = join(root, "scripts", "moto-requirements.txt");
const stamp = join(venv, ".moto-requirements");
const windows = process.platform === "win32";
const venvPython = join(venv, windows ? "Scripts/python.exe" : "bin/python");
const motoServer = join(venv, windows ? "Scripts/moto_server.exe" : "bin/moto_server");

function findPython() {
    for (const candidate of windows ? ["py", "python", "python3"] : ["python3", "python"]) {
        const args = candidate === "py" ? ["-3", "--version"] : ["--version"];
        const r = spawnSync(candidate, args, { encoding: "utf8" });
        if (r.status === 0 && /Python 3\./.test(`${r.stdout}${r.stderr}`)) {
            return candidate === "py" ? ["py", "-3"] : [candidate];
        }
    }
    return undefined;
}

const wanted = readFileSync(requirements, "utf8");
if (existsSync(motoServer) && existsSync(stamp) && readFileSync(stamp, "utf8") === wanted) {
    process.exit(0);
}
const python = findPython();
if (!python) {
    console.warn(
        "setup-moto: Python 3 not found; the doctor's moto suite will be skipped. Install Python 3 to run it.",
    );
    process.exit(0);
}
if (!existsSync(venvPython)) {
    console.log(`setup-moto: creating ${venv}`);
    execFileSync(python[0], [...python.slice(1), "-m", "venv", venv], { stdio: "inherit" });
}
console.log("setup-moto: installing moto[server] into .venv");
execFileSync(
    venvPython,
    ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirements],
    { stdio: "inherit" },
);
writeFileSync(stamp, wanted);
