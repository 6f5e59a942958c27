#!/bin/sh
# Builds NAM core's timing and checking harness (bench.cpp, ours) with the NeuralAmpModelerCore
# sources beside it (NAM/, MIT: LICENSE.NeuralAmpModelerCore; README.md says which commit and
# what was edited) into OUT (default benchmarks/target/namcore/bench), as every NAM core figure
# in BENCHMARKS.md was built: g++ -O3 -march=native. Installs g++, Eigen and nlohmann/json from
# Debian when missing. Usage: benchmarks/namcore/build.sh [OUT]
set -e
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../target/namcore/bench}"
if ! command -v g++ > /dev/null || [ ! -d /usr/include/eigen3 ] || [ ! -f /usr/include/nlohmann/json.hpp ]; then
  # a fresh machine may have no package lists yet
  apt-get install -y -q g++ libeigen3-dev nlohmann-json3-dev > /dev/null \
    || { apt-get update -q > /dev/null && apt-get install -y -q g++ libeigen3-dev nlohmann-json3-dev > /dev/null; }
fi
obj="$(mktemp -d)"
trap 'rm -rf "$obj"' EXIT
FLAGS="-O3 -march=native -DNDEBUG -std=c++17"
INC="-I/usr/include/eigen3 -I/usr/include/nlohmann -I$here"
for f in activations conv1d dsp get_dsp ring_buffer wavenet; do
  nice -n 19 g++ $FLAGS $INC -c "$here/NAM/$f.cpp" -o "$obj/$f.o"
done
nice -n 19 g++ $FLAGS $INC -c "$here/bench.cpp" -o "$obj/bench.o"
mkdir -p "$(dirname "$out")"
# linked beside the objects, then renamed: a killed build leaves no partial binary under OUT
nice -n 19 g++ $FLAGS "$obj"/*.o -o "$obj/bench"
mv "$obj/bench" "$out"
echo "built $out"
