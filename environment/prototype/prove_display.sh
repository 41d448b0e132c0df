#!/usr/bin/env bash
# Reproduces the display-bridge proof headless: compiles NotebookDisplay.java against the project's
# classpath, installs a throw-away kernelspec "gere-java-proto" (the gere-java setup plus the prototype
# jar), runs a generated notebook in a temporary folder and checks its outputs for text/html (the
# Tablesaw table) and image/png (the XChart chart), both as cell results and as mid-cell show(...) output.
#   bash environment/prototype/prove_display.sh [--kernel rapaio|ijava|jjava]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/classes" "$WORK/nb" "$WORK/out"
javac -d "$WORK/classes" -cp "$ROOT/gere-nb/target/lib/*" "$ROOT/environment/prototype/NotebookDisplay.java"
jar cf "$WORK/notebook-display.jar" -C "$WORK/classes" .
PROTO_JAR="${GERE_PROTO_JAR_DIR:-$HOME/.cache/gere-nb}/notebook-display.jar"
mkdir -p "$(dirname "$PROTO_JAR")" && cp "$WORK/notebook-display.jar" "$PROTO_JAR"
bash "$ROOT/environment/setup.sh" --no-apt --no-lab --name gere-java-proto --extra-classpath "$PROTO_JAR" "$@" >&2

/usr/bin/python3 - "$WORK/nb/display_proof.ipynb" <<'EOF'
import sys, nbformat as nbf
nb = nbf.v4.new_notebook()
nb.metadata = {"kernelspec": {"name": "gere-java-proto", "display_name": "Java (GeRe-NB proto)", "language": "java"}}
nb.cells = [nbf.v4.new_code_cell(s) for s in [
    'import gerenb.proto.NotebookDisplay;\nimport tech.tablesaw.api.*;\nimport org.knowm.xchart.*;\nNotebookDisplay.kernel()',
    'Table t = Table.create("losses", IntColumn.create("step", 1, 2, 3), DoubleColumn.create("loss", 2.5, 1.7, 1.2));\nNotebookDisplay.table(t)',
    'XYChart c = new XYChartBuilder().width(400).height(300).title("loss").build();\nc.addSeries("loss", new double[]{1, 2, 3}, new double[]{2.5, 1.7, 1.2});\nNotebookDisplay.chart(c)',
    'NotebookDisplay.show(NotebookDisplay.table(t));\nNotebookDisplay.show(NotebookDisplay.chart(c));\n"done"',
]]
nbf.write(nb, sys.argv[1])
EOF
/usr/bin/python3 "$ROOT/environment/run_notebooks.py" --kernel gere-java-proto --output-dir "$WORK/out" "$WORK/nb/display_proof.ipynb"

/usr/bin/python3 - "$WORK/out/display_proof.ipynb" <<'EOF'
import base64, sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
def mimes(i, kind):
    return [m for o in nb.cells[i].outputs if o.output_type == kind for m in o.data]
checks = {
    "table cell result has text/html": "text/html" in mimes(1, "execute_result"),
    "chart cell result has image/png": "image/png" in mimes(2, "execute_result"),
    "show(table) published text/html": "text/html" in mimes(3, "display_data"),
    "show(chart) published image/png": "image/png" in mimes(3, "display_data"),
}
png = next(o.data["image/png"] for o in nb.cells[2].outputs if o.output_type == "execute_result")
checks["chart is a PNG"] = base64.b64decode(png)[:8] == b"\x89PNG\r\n\x1a\n"
kernel = next(next(iter(o.data.values())) for o in nb.cells[0].outputs if o.output_type == "execute_result")
print("kernel seen by NotebookDisplay:", kernel)
for k, v in checks.items():
    print(("ok   " if v else "FAIL ") + k)
sys.exit(0 if all(checks.values()) else 1)
EOF
