#!/usr/bin/env bash
# Start JupyterLab on notebooks/ with the gere-java kernel as default; falls back to the classic notebook
# when JupyterLab is not installed. No browser is opened; the URL (with its token) is printed.
#   environment/lab.sh [--port N] [--ip ADDR] [--classic] [-- extra Jupyter options]
# Env: GERE_LAB_PORT (default 8888, next free port taken), GERE_LAB_IP (default 127.0.0.1),
#      GERE_LAB_TOKEN (default: random), GERE_KERNEL_NAME (default gere-java).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${GERE_LAB_PORT:-8888}"
IP="${GERE_LAB_IP:-127.0.0.1}"
KERNEL_NAME="${GERE_KERNEL_NAME:-gere-java}"
CLASSIC=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --port) PORT="$2"; shift 2 ;;
    --ip) IP="$2"; shift 2 ;;
    --classic) CLASSIC=1; shift ;;
    --) shift; break ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) break ;;
  esac
done

# Python owning Jupyter (the lab venv made by setup.sh sees the system packages too).
PY=""
for cand in "$ROOT/environment/.venv-lab/bin/python" /usr/bin/python3 "$(command -v python3 || true)"; do
  [[ -n "$cand" && -x "$cand" ]] && "$cand" -c 'import jupyter_client' >/dev/null 2>&1 && { PY="$cand"; break; }
done
[[ -n "$PY" ]] || { echo "lab: Jupyter not found; run environment/setup.sh" >&2; exit 1; }

# The kernelspec must exist; install it on first use.
if ! "$PY" -c "from jupyter_client.kernelspec import KernelSpecManager as K; K().get_kernel_spec('$KERNEL_NAME')" >/dev/null 2>&1; then
  echo "lab: kernelspec '$KERNEL_NAME' missing; running environment/setup.sh" >&2
  GERE_KERNEL_NAME="$KERNEL_NAME" bash "$ROOT/environment/setup.sh" >&2
fi

NB_DIR="$ROOT/notebooks"
[[ -d "$NB_DIR" ]] || NB_DIR="$ROOT"
TOKEN="${GERE_LAB_TOKEN:-$("$PY" -c 'import secrets; print(secrets.token_hex(24))')}"
# First free port from $PORT on, so that the printed URL is the one actually served.
PORT="$("$PY" - "$IP" "$PORT" <<'EOF'
import socket, sys
ip, port = sys.argv[1], int(sys.argv[2])
for p in range(port, port + 50):
    with socket.socket() as s:
        try:
            s.bind((ip, p)); print(p); break
        except OSError:
            continue
else:
    print(port)
EOF
)"
ROOT_OPT=()
[[ "$(id -u)" == 0 ]] && ROOT_OPT=(--allow-root)

if [[ $CLASSIC == 0 ]] && "$PY" -c 'import jupyterlab' >/dev/null 2>&1; then
  URL="http://$IP:$PORT/lab?token=$TOKEN"
  echo "GeRe-NB JupyterLab: $URL"
  exec "$PY" -m jupyterlab --no-browser --ip="$IP" --port="$PORT" --ServerApp.port_retries=0 \
    --ServerApp.root_dir="$NB_DIR" --IdentityProvider.token="$TOKEN" \
    --MappingKernelManager.default_kernel_name="$KERNEL_NAME" "${ROOT_OPT[@]}" "$@"
fi
# Classic notebook: the distribution's Python first (the lab venv's newer packages do not suit notebook 6).
for cand in /usr/bin/python3 "$(command -v python3 || true)" "$PY"; do
  [[ -n "$cand" && -x "$cand" ]] && "$cand" -c 'import notebook.notebookapp' >/dev/null 2>&1 && { PY="$cand"; break; }
done
if "$PY" -c 'import notebook' >/dev/null 2>&1; then
  [[ $CLASSIC == 1 ]] || echo "lab: JupyterLab not installed; starting the classic notebook" >&2
  URL="http://$IP:$PORT/tree?token=$TOKEN"
  echo "GeRe-NB notebook: $URL"
  exec "$PY" -m notebook --no-browser --ip="$IP" --port="$PORT" --NotebookApp.port_retries=0 \
    --NotebookApp.notebook_dir="$NB_DIR" --NotebookApp.token="$TOKEN" \
    --MappingKernelManager.default_kernel_name="$KERNEL_NAME" "${ROOT_OPT[@]}" "$@"
else
  echo "lab: neither JupyterLab nor the classic notebook is installed; run environment/setup.sh" >&2
  exit 1
fi
