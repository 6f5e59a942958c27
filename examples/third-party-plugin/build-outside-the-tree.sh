#!/usr/bin/env bash
# Proves that the plugin template builds outside the convstream tree, as a plugin author's copy
# does: installs only convstream-bom and plugin-api (not the parent pom they are built with)
# into a throwaway local repository, copies this folder to a temporary one and builds and tests
# it there against that repository. Nothing is written to ~/.m2, so concurrent builds are safe.
# Needs Maven Central (network) for the third-party artifacts unless ~/.m2 already holds them:
# its contents, minus convstream's own artifacts, seed the throwaway repository.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
repo="$work/repository"
mkdir -p "$repo"
if [ -d "$HOME/.m2/repository" ]; then
  cp -a "$HOME/.m2/repository/." "$repo/"
  rm -rf "$repo/dev/convstream" "$repo/com/example/third-party-plugin"
fi

echo "outside-the-tree: installing convstream-bom and plugin-api into $repo"
mvn -B -ntp -q -f "$root/pom.xml" -Dmaven.repo.local="$repo" -pl bom,plugin-api -DskipTests install

pom="$repo/dev/convstream/plugin-api/0.1.0-SNAPSHOT/plugin-api-0.1.0-SNAPSHOT.pom"
if grep -q "<parent>" "$pom"; then
  echo "outside-the-tree: FAILED: the installed plugin-api pom names a parent, which a plugin author cannot resolve" >&2
  exit 1
fi
if [ -e "$repo/dev/convstream/convstream-parent" ]; then
  echo "outside-the-tree: FAILED: convstream-parent was installed; the proof needs it absent" >&2
  exit 1
fi

copy="$work/my-plugin"
mkdir -p "$copy"
(cd "$here" && tar --exclude=./target -cf - .) | (cd "$copy" && tar -xf -)
echo "outside-the-tree: building the template copied to $copy"
mvn -B -ntp -q -f "$copy/pom.xml" -Dmaven.repo.local="$repo" verify
jar="$copy/target/third-party-plugin-0.1.0-SNAPSHOT.jar"
# Listed into a variable first: `unzip -l | grep -q` fails under pipefail whenever grep exits at
# its match before unzip has written the rest (SIGPIPE, exit 141: seen in CI).
listing="$(unzip -l "$jar")"
if ! grep -q "META-INF/services/dev.convstream.plugin.PluginProvider" <<<"$listing"; then
  echo "outside-the-tree: FAILED: $jar has no META-INF/services/dev.convstream.plugin.PluginProvider" >&2
  exit 1
fi
echo "outside-the-tree: OK: $(basename "$jar") built and tested outside the tree"
