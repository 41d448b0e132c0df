#!/usr/bin/env bash
# Proves the display bridge (org.gerenb.report.Show) inside a real kernel, headless: runs a generated
# notebook with the installed kernelspec and checks its outputs for text/html (a Tablesaw table) and
# image/png (an XChart chart), both as cell results and as mid-cell Show.now(...) outputs.
#   bash environment/prove_display.sh [--kernel NAME]     (default: gere-java, see setup.sh)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KERNEL="${GERE_NB_KERNEL:-gere-java}"
if [[ "${1:-}" == "--kernel" ]]; then KERNEL="$2"; fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/nb" "$WORK/out"

/usr/bin/python3 - "$WORK/nb/display_proof.ipynb" <<'PY'
import sys, nbformat as nbf
nb = nbf.v4.new_notebook()
nb.metadata = {"kernelspec": {"name": "gere-java", "display_name": "Java (GeRe-NB)", "language": "java"}}
nb.cells = [nbf.v4.new_code_cell(s) for s in [
    'import org.gerenb.report.Show;\nimport tech.tablesaw.api.*;\nimport org.knowm.xchart.*;',
    'Show.kernel()',
    'Table t = Table.create("losses", IntColumn.create("step", 1, 2, 3), DoubleColumn.create("loss", 2.5, 1.7, 1.2));\nShow.table(t)',
    'XYChart c = new XYChartBuilder().width(400).height(300).title("loss").build();\nc.addSeries("loss", new double[]{1, 2, 3}, new double[]{2.5, 1.7, 1.2});\nShow.chart(c)',
    'Show.now(t);\nShow.now(c);\n"done"',
]]
nbf.write(nb, sys.argv[1])
PY
/usr/bin/python3 "$ROOT/environment/run_notebooks.py" --kernel "$KERNEL" --output-dir "$WORK/out" "$WORK/nb/display_proof.ipynb"

/usr/bin/python3 - "$WORK/out/display_proof.ipynb" <<'PY'
import base64, sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
def mimes(i, kind):
    return [m for o in nb.cells[i].outputs if o.output_type == kind for m in o.data]
def result(i, mime):
    return next(o.data[mime] for o in nb.cells[i].outputs if o.output_type == "execute_result")
checks = {
    "table cell result has text/html": "text/html" in mimes(2, "execute_result"),
    "chart cell result has image/png": "image/png" in mimes(3, "execute_result"),
    "Show.now(table) published text/html": "text/html" in mimes(4, "display_data"),
    "Show.now(chart) published image/png": "image/png" in mimes(4, "display_data"),
}
checks["chart is a PNG"] = base64.b64decode(result(3, "image/png"))[:8] == b"\x89PNG\r\n\x1a\n"
kernel = next(iter(next(o for o in nb.cells[1].outputs if o.output_type == "execute_result").data.values()))
print("kernel seen by Show:", kernel)
for name, ok in checks.items():
    print(("ok   " if ok else "FAIL ") + name)
sys.exit(0 if all(checks.values()) else 1)
PY
