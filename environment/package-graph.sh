#!/usr/bin/env bash
# Prints which org.gerenb packages each package uses (imports and fully qualified names; the facade
# org.gerenb shows as "(root)"). PackageLayersTest fails when a reference points up the pipeline's layers.
set -euo pipefail
cd "$(dirname "$0")/../gere-nb/src/main/java/org/gerenb"
for dir in . */; do
  name=${dir%/}
  if [ "$name" = . ]; then files=(*.java); name="(root)"; else files=("$name"/*.java); fi
  deps=$(grep -hoE '\borg\.gerenb\.([a-z]+\.)?[A-Z]' "${files[@]}" | grep -v '^package' \
    | sed -E 's/^org\.gerenb\.([a-z]+)\.[A-Z]$/\1/; s/^org\.gerenb\.[A-Z]$/(root)/' | sort -u | grep -vxF "$name" \
    | tr '\n' ' ' || true)
  printf '%-11s -> %s\n' "$name" "$deps"
done
