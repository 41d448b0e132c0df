#!/usr/bin/env bash
# GeRe-NB notebook environment, in one command:
#   - Jupyter from the distribution's packages (nbconvert, nbclient, jupyter-client, classic notebook),
#     fonts for headless XChart; JupyterLab through pip in a private venv when pip can reach it;
#   - the project's runtime classpath (gere-nb/target/gere-nb.jar + gere-nb/target/lib/*.jar), built if missing;
#   - a Java kernel (rapaio-jupyter-kernel by default, IJava or JJava on request) installed as the
#     kernelspec "gere-java", whose argv/env carry the classpath and the offline DJL settings.
# Notebooks never use dependency magics: the classpath comes from the kernelspec, so the same .ipynb runs
# under all three kernels. Safe to re-run: the second run only rewrites kernel.json.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

KERNEL="${GERE_KERNEL:-rapaio}"            # rapaio | ijava | jjava
NAME="${GERE_KERNEL_NAME:-gere-java}"
XMX="${GERE_KERNEL_XMX:-8g}"
DJL_CACHE="${DJL_CACHE_DIR:-$HOME/.djl.ai}"
RAPAIO_VERSION="${RAPAIO_VERSION:-3.0.1}"
IJAVA_VERSION="${IJAVA_VERSION:-1.3.0}"
IJAVA_URL="${IJAVA_URL:-https://github.com/SpencerPark/IJava/releases/download/v${IJAVA_VERSION}/ijava-${IJAVA_VERSION}.zip}"
JJAVA_SPEC="${JJAVA_SPEC:-jjava}"         # pip requirement used for --kernel jjava
DO_APT=1
DO_LAB=1
DO_BUILD=auto
DO_WARM=0
RAPAIO_PATCH="${GERE_RAPAIO_PATCH:-1}"     # 0: run rapaio's jar unpatched (to reproduce its start-up hang)
GPU=0
LIBTORCH="${PYTORCH_LIBRARY_PATH:-}"
EXTRA_JVM_OPTS="${GERE_KERNEL_JVM_OPTS:-}"
EXTRA_CP="${GERE_EXTRA_CLASSPATH:-}"

usage() {
  cat <<EOF
Usage: environment/setup.sh [options]
  --kernel rapaio|ijava|jjava  Java kernel behind the "gere-java" kernelspec (default: rapaio; env GERE_KERNEL).
                               rapaio comes from the Maven repository; ijava (release zip) and jjava (pip)
                               need general internet access.
  --name NAME                  kernelspec name (default gere-java)
  --xmx SIZE                   kernel JVM heap, e.g. 8g, 1g (default 8g; env GERE_KERNEL_XMX)
  --jvm-opts "OPTS"            extra JVM options for the kernel (env GERE_KERNEL_JVM_OPTS)
  --extra-classpath CP         more jars/dirs (':'-separated, globs allowed) after the project's classpath
  --djl-cache DIR              DJL_CACHE_DIR for the kernel (default \$DJL_CACHE_DIR or ~/.djl.ai)
  --no-apt                     do not install system packages (Jupyter must already be present)
  --no-lab                     do not try to install JupyterLab with pip
  --lab                        retry the JupyterLab install even if an earlier attempt failed
  --build                      (re)build the library with Maven even if the jar exists
  --no-build                   never build (fail if the jar is missing)
  --gpu                        CUDA server: leave the CPU native jar off the classpath, PYTORCH_FLAVOR=cu128;
                               DJL then downloads libtorch 2.7.1+cu128 on first use (DJL_OFFLINE=false)
                               unless --libtorch points at a local build
  --libtorch DIR               with --gpu: PYTORCH_LIBRARY_PATH (a libtorch 2.7.1 cu128 lib folder); stays offline
  --warm-djl                   start the PyTorch engine once, extracting DJL's natives into the DJL cache
  --no-rapaio-patch            run rapaio without environment/rapaio-patch, only to reproduce its bugs
                               (about one start in six never answers; env GERE_RAPAIO_PATCH=0)
EOF
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --kernel) KERNEL="$2"; shift 2 ;;
    --name) NAME="$2"; shift 2 ;;
    --xmx) XMX="$2"; shift 2 ;;
    --jvm-opts) EXTRA_JVM_OPTS="$2"; shift 2 ;;
    --djl-cache) DJL_CACHE="$2"; shift 2 ;;
    --extra-classpath) EXTRA_CP="$2"; shift 2 ;;
    --no-apt) DO_APT=0; shift ;;
    --no-lab) DO_LAB=0; shift ;;
    --lab) DO_LAB=2; shift ;;
    --build) DO_BUILD=yes; shift ;;
    --no-build) DO_BUILD=no; shift ;;
    --warm-djl) DO_WARM=1; shift ;;
    --no-rapaio-patch) RAPAIO_PATCH=0; shift ;;
    --gpu) GPU=1; shift ;;
    --libtorch) LIBTORCH="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "setup: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
case "$KERNEL" in rapaio|ijava|jjava) ;; *) echo "setup: --kernel must be rapaio, ijava or jjava" >&2; exit 2 ;; esac

log() { printf '[setup] %s\n' "$*" >&2; }
T0=$SECONDS

# ---------------------------------------------------------------------------------------------------------
# 1. System packages (Debian/Ubuntu). Only missing packages are installed; nothing happens on a second run.
# ---------------------------------------------------------------------------------------------------------
APT_PKGS=(jupyter-nbconvert python3-nbclient jupyter-client jupyter-notebook python3-venv python3-pip
          fontconfig fonts-dejavu-core unzip)
command -v java >/dev/null 2>&1 && command -v javac >/dev/null 2>&1 || APT_PKGS+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || APT_PKGS+=(maven)

run_root() {
  if [[ "$(id -u)" == 0 ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else return 99
  fi
}

if [[ $DO_APT == 1 ]]; then
  if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    missing=()
    for p in "${APT_PKGS[@]}"; do
      dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    if [[ ${#missing[@]} -gt 0 ]]; then
      log "installing system packages: ${missing[*]}"
      export DEBIAN_FRONTEND=noninteractive
      rc=0
      run_root apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null || rc=$?
      if [[ $rc != 0 ]]; then
        if [[ $rc == 99 ]]; then
          log "WARNING: not root and no sudo; please install: ${missing[*]}"
        else
          run_root apt-get update -q >/dev/null
          run_root apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
        fi
      fi
    else
      log "system packages present"
    fi
  else
    log "no apt-get here: install Jupyter (nbclient, nbconvert), a JDK 17+ and Maven yourself"
  fi
fi

# The Python that owns Jupyter. /usr/bin/python3 first: a python3 earlier on PATH may lack Jupyter.
PY=""
for cand in "${GERE_PYTHON:-}" /usr/bin/python3 "$(command -v python3 || true)"; do
  [[ -n "$cand" && -x "$cand" ]] || continue
  if "$cand" -c 'import jupyter_client' >/dev/null 2>&1; then PY="$cand"; break; fi
done
if [[ -z "$PY" ]]; then
  log "WARNING: no Python with jupyter_client found; the kernelspec is written anyway"
  PY="$(command -v python3 || echo /usr/bin/python3)"
fi

# ---------------------------------------------------------------------------------------------------------
# 2. JupyterLab (optional). Not packaged by Debian 12: pip into a private venv that sees the system
#    Jupyter packages, so the distribution's Python stays untouched. Failure is tolerated.
# ---------------------------------------------------------------------------------------------------------
LAB_VENV="$ROOT/environment/.venv-lab"
LAB_MARK="$ROOT/environment/.lab-unavailable"   # remembers a failed pip attempt; --lab retries
[[ $DO_LAB == 2 ]] && rm -f "$LAB_MARK" 2>/dev/null || true
if [[ $DO_LAB != 0 ]]; then
  if "$PY" -c 'import jupyterlab' >/dev/null 2>&1 || [[ -x "$LAB_VENV/bin/jupyter-lab" ]]; then
    log "JupyterLab present"
  elif [[ -f "$LAB_MARK" ]]; then
    log "JupyterLab unavailable (pip failed before; 'setup.sh --lab' retries); lab.sh uses the classic notebook"
  else
    log "installing JupyterLab with pip into $LAB_VENV (tolerating failure)"
    if "$PY" -m venv --system-site-packages "$LAB_VENV" >/dev/null 2>&1 &&
       "$LAB_VENV/bin/python" -m pip install -q --disable-pip-version-check ${GERE_PIP_OPTS:---retries 1 --timeout 10} \
         jupyterlab >/dev/null 2>&1 &&
       [[ -x "$LAB_VENV/bin/jupyter-lab" ]]; then
      log "JupyterLab installed"
    else
      rm -rf "$LAB_VENV"
      date > "$LAB_MARK" 2>/dev/null || true
      log "JupyterLab not installable here (no package index reachable?); environment/lab.sh will use the classic notebook"
    fi
  fi
fi

# ---------------------------------------------------------------------------------------------------------
# 3. The project's runtime classpath.
# ---------------------------------------------------------------------------------------------------------
JAR="$ROOT/gere-nb/target/gere-nb.jar"
LIB="$ROOT/gere-nb/target/lib"
stale() {
  [[ -n "$(find "$ROOT/pom.xml" "$ROOT/gere-nb/pom.xml" "$ROOT/gere-nb/src/main" -newer "$JAR" -print -quit 2>/dev/null)" ]]
}
if [[ $DO_BUILD == yes || ( $DO_BUILD == auto && ( ! -f "$JAR" || ! -d "$LIB" ) ) ]]; then
  log "building the library (mvn -q -B -DskipTests package)"
  (cd "$ROOT" && mvn -q -B -DskipTests package)
elif [[ ! -f "$JAR" ]]; then
  log "ERROR: $JAR missing and --no-build given"; exit 1
elif stale; then
  log "note: sources are newer than gere-nb.jar; run 'mvn -q -B -DskipTests package' (or setup.sh --build) before restarting the kernel"
fi

# ---------------------------------------------------------------------------------------------------------
# 4. The Java kernel, installed as a self-contained kernelspec directory.
# ---------------------------------------------------------------------------------------------------------
DATA_DIR="${JUPYTER_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/jupyter}"
KDIR="$DATA_DIR/kernels/$NAME"
mkdir -p "$KDIR" "$DJL_CACHE"
JAVA_BIN="${JAVA_HOME:+$JAVA_HOME/bin/java}"
[[ -n "$JAVA_BIN" && -x "$JAVA_BIN" ]] || JAVA_BIN="$(command -v java)"

KERNEL_JAR=""
case "$KERNEL" in
  rapaio)
    KERNEL_JAR="$KDIR/rapaio-jupyter-kernel-$RAPAIO_VERSION.jar"
    if [[ ! -s "$KERNEL_JAR" ]]; then
      log "fetching rapaio-jupyter-kernel $RAPAIO_VERSION from the Maven repository"
      find "$KDIR" -maxdepth 1 -name '*.jar' -delete
      out="$(mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
        -Dartifact="io.github.padreati:rapaio-jupyter-kernel:$RAPAIO_VERSION" -DoutputDirectory="$KDIR" 2>&1)" ||
        { printf '%s\n' "$out" >&2; log "ERROR: could not fetch rapaio-jupyter-kernel"; exit 1; }
    fi
    # rapaio 3.0.x can lose its shell loop thread at start-up (environment/README.md, "Kernel start-up"):
    # our LoopThread (and ControlChannel, for interrupts), compiled here, come before the kernel jar on the
    # class path and replace its classes.
    rm -rf "$KDIR/rapaio-patch"
    if [[ $RAPAIO_PATCH == 1 && $RAPAIO_VERSION != 3.0.* ]]; then
      log "WARNING: environment/rapaio-patch is written for rapaio 3.0.x; running $RAPAIO_VERSION unpatched"
      RAPAIO_PATCH=0
    fi
    if [[ $RAPAIO_PATCH == 1 ]]; then
      JAVAC_BIN="${JAVA_HOME:+$JAVA_HOME/bin/javac}"
      [[ -n "$JAVAC_BIN" && -x "$JAVAC_BIN" ]] || JAVAC_BIN="$(command -v javac)"
      "$JAVAC_BIN" --release 17 -nowarn -cp "$KERNEL_JAR" -d "$KDIR/rapaio-patch" \
        $(find "$ROOT/environment/rapaio-patch" -name '*.java') ||
        { log "ERROR: could not compile environment/rapaio-patch"; exit 1; }
    fi
    ;;
  ijava)
    KERNEL_JAR="$(find "$KDIR" -maxdepth 1 -name "ijava-$IJAVA_VERSION*.jar" | head -1)"
    if [[ -z "$KERNEL_JAR" ]]; then
      log "downloading IJava $IJAVA_VERSION"
      tmp="$(mktemp -d)"
      if command -v curl >/dev/null 2>&1; then dl=(curl -fsSL --connect-timeout 20 -o "$tmp/ijava.zip" "$IJAVA_URL")
      else dl=(wget -q -T 20 -O "$tmp/ijava.zip" "$IJAVA_URL"); fi
      "${dl[@]}" || { rm -rf "$tmp"; log "ERROR: could not download $IJAVA_URL (IJava needs internet access; the default rapaio kernel does not)"; exit 1; }
      (cd "$tmp" && unzip -q ijava.zip)
      find "$KDIR" -maxdepth 1 -name '*.jar' -delete
      find "$tmp" -name '*.jar' -exec cp {} "$KDIR/" \;
      rm -rf "$tmp"
      KERNEL_JAR="$(find "$KDIR" -maxdepth 1 -name "ijava-*.jar" | head -1)"
    fi
    ;;
  jjava)
    if [[ -z "$(find "$KDIR" -maxdepth 1 -name 'jjava*.jar' | head -1)" ]]; then
      src_dir() {  # a kernelspec directory installed by the jjava pip package
        "$1" - <<'EOF' 2>/dev/null
import glob, os, sys
from jupyter_client.kernelspec import KernelSpecManager
for name, d in KernelSpecManager().find_kernel_specs().items():
    if glob.glob(os.path.join(d, "jjava*.jar")):
        print(d); break
EOF
      }
      SRC="$(src_dir "$PY" || true)"
      if [[ -z "$SRC" ]]; then
        log "installing JJava with pip ($JJAVA_SPEC)"
        pipq=(-m pip install -q --disable-pip-version-check ${GERE_PIP_OPTS:---retries 1 --timeout 10})
        "$PY" "${pipq[@]}" --user "$JJAVA_SPEC" >&2 ||
          "$PY" "${pipq[@]}" --user --break-system-packages "$JJAVA_SPEC" >&2 ||
          "$PY" "${pipq[@]}" "$JJAVA_SPEC" >&2 || true
        SRC="$(src_dir "$PY" || true)"
      fi
      [[ -n "$SRC" ]] || { log "ERROR: JJava not installed (pip needs a reachable package index; the default rapaio kernel does not)"; exit 1; }
      find "$KDIR" -maxdepth 1 -name '*.jar' -delete
      cp "$SRC"/*.jar "$KDIR/"
      cp "$SRC/kernel.json" "$KDIR/jjava-kernel.json.orig"
    fi
    KERNEL_JAR="$(find "$KDIR" -maxdepth 1 -name 'jjava*.jar' ! -name '*launcher*' | head -1)"
    ;;
esac
[[ -n "$KERNEL_JAR" && -s "$KERNEL_JAR" ]] || { log "ERROR: kernel jar missing in $KDIR"; exit 1; }

# what ./gere sets from environment/native.env, read by its own reader (a bad line stops here with its number)
NATIVE_ENV="$(source "$ROOT/environment/launch.sh" && GERE_ENV=() && gere_native_env && printf '%s\n' "${GERE_ENV[@]}")"
NATIVE_ENV="$NATIVE_ENV" GERE_KERNEL="$KERNEL" KDIR="$KDIR" KERNEL_JAR="$KERNEL_JAR" RAPAIO_PATCH="$RAPAIO_PATCH" JAVA_BIN="$JAVA_BIN" XMX="$XMX" \
EXTRA_JVM_OPTS="$EXTRA_JVM_OPTS" EXTRA_CP="$EXTRA_CP" GPU="$GPU" LIBTORCH="$LIBTORCH" DJL_CACHE="$DJL_CACHE" ROOT="$ROOT" NAME="$NAME" "$PY" - <<'EOF'
import json, os, shlex
e = os.environ
root, kdir, kind = e["ROOT"], e["KDIR"], e["GERE_KERNEL"]
gpu, libtorch = e.get("GPU") == "1", e.get("LIBTORCH", "")
cp = [f"{root}/gere-nb/target/gere-nb.jar"]
if gpu:  # every runtime jar but the CPU natives, listed one by one (re-run setup after dependency changes)
    import glob
    cp += sorted(j for j in glob.glob(f"{root}/gere-nb/target/lib/*.jar")
                 if not os.path.basename(j).startswith("pytorch-native-cpu"))
else:
    cp.append(f"{root}/gere-nb/target/lib/*.jar")
cp += [p for p in e.get("EXTRA_CP", "").split(":") if p]
offline = "false" if gpu and not libtorch else "true"
jvm = [f"-Xmx{e['XMX']}", "-Djava.awt.headless=true", f"-Dai.djl.offline={offline}",
       "-Dfile.encoding=UTF-8"] + shlex.split(e.get("EXTRA_JVM_OPTS", ""))
env = {"DJL_OFFLINE": offline, "OPT_OUT_TRACKING": "true", "DJL_CACHE_DIR": e["DJL_CACHE"],
       "GERE_HOME": root}
env.update(pair.split("=", 1) for pair in e["NATIVE_ENV"].splitlines())
if gpu:
    env.update({"PYTORCH_FLAVOR": "cu128", "PYTORCH_VERSION": "2.7.1", "GERE_DEVICE": "gpu"})
    if libtorch:
        env["PYTORCH_LIBRARY_PATH"] = libtorch
if kind == "rapaio":
    if e.get("RAPAIO_PATCH") == "1":  # the patch's classes first, so they replace the jar's
        argv = [e["JAVA_BIN"], *jvm, "-cp", os.path.join(kdir, "rapaio-patch") + os.pathsep + e["KERNEL_JAR"],
                "org.rapaio.jupyter.kernel.MainApp", "{connection_file}"]
    else:
        argv = [e["JAVA_BIN"], *jvm, "-jar", e["KERNEL_JAR"], "{connection_file}"]
    env.update({"RJK_CLASSPATH": ";".join(cp), "RJK_TIMEOUT_MILLIS": "-1",
                "RJK_COMPILER_OPTIONS": "", "RJK_INIT_SCRIPT": ""})
elif kind == "ijava":
    argv = [e["JAVA_BIN"], *jvm, "-jar", e["KERNEL_JAR"], "{connection_file}"]
    env.update({"IJAVA_CLASSPATH": ":".join(cp), "IJAVA_TIMEOUT": "-1", "IJAVA_COMPILER_OPTS": ""})
else:  # jjava: newer releases start through jjava-launcher.jar, which reads JJAVA_JVM_OPTS
    launcher = os.path.join(kdir, "jjava-launcher.jar")
    if os.path.exists(launcher):
        argv = [e["JAVA_BIN"], "-jar", launcher, e["KERNEL_JAR"], "{connection_file}"]
    else:
        argv = [e["JAVA_BIN"], *jvm, "-jar", e["KERNEL_JAR"], "{connection_file}"]
    env.update({"JJAVA_CLASSPATH": ":".join(cp), "JJAVA_TIMEOUT": "-1", "JJAVA_COMPILER_OPTS": "",
                "JJAVA_JVM_OPTS": " ".join(jvm)})
spec = {"argv": argv, "display_name": "Java (GeRe-NB)", "language": "java",
        "interrupt_mode": "message", "env": env,
        "metadata": {"gere-nb": {"kernel": kind, "kernel_jar": os.path.basename(e["KERNEL_JAR"]),
                                 "rapaio_patch": kind == "rapaio" and e.get("RAPAIO_PATCH") == "1",
                                 "root": root}}}
with open(os.path.join(kdir, "kernel.json"), "w") as f:
    json.dump(spec, f, indent=2)
    f.write("\n")
EOF

log "kernelspec '$NAME' ($KERNEL, -Xmx$XMX$([[ $GPU == 1 ]] && echo ', CUDA')) -> $KDIR"

# ---------------------------------------------------------------------------------------------------------
# 5. Optionally extract DJL's PyTorch natives now (Binder images, CI caches) instead of in the first cell.
# ---------------------------------------------------------------------------------------------------------
if [[ $DO_WARM == 1 ]]; then
  log "warming DJL (natives into $DJL_CACHE)"
  DJL_OFFLINE=true OPT_OUT_TRACKING=true DJL_CACHE_DIR="$DJL_CACHE" "$JAVA_BIN" "-Xmx$XMX" \
    -Djava.awt.headless=true -Dai.djl.offline=true -cp "$JAR:$LIB/*" "$ROOT/environment/WarmDjl.java" >&2
fi
log "done in $((SECONDS - T0)) s. Run notebooks: /usr/bin/python3 environment/run_notebooks.py ; open them: environment/lab.sh"
