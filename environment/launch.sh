# Sourced by ./gere (and by its tests): how the launcher composes the java command for a device.
# CPU (the default): the jar, target/lib/* (CPU natives included), DJL offline, slf4j-nop - as always.
# GPU (--device gpu[:N] or GERE_DEVICE=gpu[:N]): every runtime jar except pytorch-native-cpu (with it on
# the classpath DJL always loads the CPU build of libtorch) and slf4j-nop (it hides DJL's warnings, e.g.
# its fall-back to the CPU), plus slf4j-simple from target/lib-gpu; DJL online so that it downloads the
# CUDA build of libtorch on first use, unless PYTORCH_LIBRARY_PATH names a local build (then offline).

GERE_ENVIRONMENT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# The device the command line asks for: the value of --device (last one wins), else GERE_DEVICE, else cpu.
gere_device_of() {
  local device="${GERE_DEVICE:-cpu}" previous=""
  for arg in "$@"; do
    if [[ "$previous" == "--device" ]]; then device="$arg"; fi
    previous="$arg"
  done
  printf '%s\n' "$device"
}

# Sets GERE_CP (classpath), GERE_ENV (NAME=VALUE words for env) and GERE_JAVA_FLAGS for ROOT and DEVICE.
gere_compose_launch() {
  local root="$1" device="$2"
  local jar="$root/gere-nb/target/gere-nb.jar"
  GERE_ENV=("OPT_OUT_TRACKING=true" "DJL_CACHE_DIR=${DJL_CACHE_DIR:-$HOME/.djl.ai}")
  gere_native_env || exit 1
  if [[ "$device" != gpu* ]]; then
    GERE_CP="$jar:$root/gere-nb/target/lib/*"
    GERE_ENV+=("DJL_OFFLINE=true")
    GERE_JAVA_FLAGS=("-Dai.djl.offline=true")
    return
  fi
  GERE_CP="$jar$(gere_gpu_jars "$root")"
  GERE_ENV+=("GERE_DEVICE=$device" "PYTORCH_VERSION=${PYTORCH_VERSION:-2.7.1}" "PYTORCH_FLAVOR=${PYTORCH_FLAVOR:-cu128}")
  if [[ -n "${PYTORCH_LIBRARY_PATH:-}" ]]; then
    GERE_ENV+=("PYTORCH_LIBRARY_PATH=$PYTORCH_LIBRARY_PATH" "DJL_OFFLINE=true")
    GERE_JAVA_FLAGS=("-Dai.djl.offline=true")
  else
    GERE_ENV+=("DJL_OFFLINE=false")
    GERE_JAVA_FLAGS=("-Dai.djl.offline=false")
  fi
}

# Appends environment/native.env's NAME=VALUE lines to GERE_ENV, a value the caller has set (even empty) taking
# precedence; blank lines and # comments are skipped, anything else stops the launch with the line it could not read.
gere_native_env() {
  local file="$GERE_ENVIRONMENT_DIR/native.env" line name number=0 added=()
  while IFS= read -r line || [[ -n "$line" ]]; do
    number=$((number + 1))
    line="${line%$'\r'}"
    [[ "$line" =~ ^[[:space:]]*(#|$) ]] && continue
    if [[ ! "$line" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; then
      echo "gere: $file line $number: expected NAME=VALUE, found '$line'" >&2
      return 1
    fi
    name="${line%%=*}"
    [[ -z "${!name+set}" ]] && added+=("$name")
    GERE_ENV+=("$name=${!name-${line#*=}}")
  done < "$file"
  # for the benchmarks' reference scripts, which run as a user's would: without what was added here
  GERE_ENV+=("GERE_NATIVE_ENV_ADDED=${added[*]}")
}

# ":jar:jar..." - the runtime jars for CUDA, one by one (a wildcard would bring the CPU natives back).
gere_gpu_jars() {
  local root="$1" jar name
  for jar in "$root"/gere-nb/target/lib/*.jar "$root"/gere-nb/target/lib-gpu/*.jar; do
    [[ -f "$jar" ]] || continue
    name="$(basename "$jar")"
    [[ "$name" == pytorch-native-cpu-* || "$name" == slf4j-nop-* ]] && continue
    printf ':%s' "$jar"
  done
}

# What GERE_PRINT_LAUNCH=1 ./gere ... prints instead of starting java (read by LauncherTest).
gere_print_launch() {
  printf 'classpath=%s\n' "$GERE_CP"
  local pair
  for pair in "${GERE_ENV[@]}"; do printf 'env %s\n' "$pair"; done
  printf 'java-flags=%s\n' "${GERE_JAVA_FLAGS[*]}"
}
