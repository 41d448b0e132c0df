#!/usr/bin/env bash
# Prints which org.gerenb packages each package imports (the facade org.gerenb shows as "(root)").
# PackageLayersTest fails when an import points up the pipeline's layers.
set -euo pipefail
cd "$(dirname "$0")/../gere-nb/src/main/java/org/gerenb"
for dir in . */; do
  name=${dir%/}
  if [ "$name" = . ]; then files=(*.java); name="(root)"; else files=("$name"/*.java); fi
  deps=$(grep -hoE '^import (static )?org\.gerenb\.[a-z]+\.' "${files[@]}" | sed -E 's/^import (static )?org\.gerenb\.//; s/\.$//' \
    | sort -u | grep -vx "$name" | tr '\n' ' ' || true)
  printf '%-11s -> %s\n' "$name" "$deps"
done
