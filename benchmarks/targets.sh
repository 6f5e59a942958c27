#!/usr/bin/env bash
# Every target of issue 18 measured in one window, then judged by bench.TargetReport: the peer
# cases (PeerRounds, both JDKs), NAM A1 standard against NAM core's C++ (a1-rounds.sh), the GEMM's
# share of the FMA peak (GemmShare), the single-channel FIR and the 2 s IR (FirCpuTime), a
# one-second `convstream process` job (scripts/startup-times.sh) and `live` from the models'
# load to live on the virtual card. The issue asks for same-run figures: this VM's speed moves by
# 10-40% between hours (BENCHMARKS.md), so figures from different windows do not compare.
#
# usage: benchmarks/targets.sh OUT_DIR [ROUNDS]
#   OUT_DIR  gets each step's raw output and report.txt (the verdicts); created if missing
#   ROUNDS   PeerRounds' rounds (default 15); A1 rounds, process rounds and live starts scale
#            from it (4, 7 and 6 at 15)
# Needs the jars (mvn -q -B -ntp -DskipTests package), JDK 17 as `java` and Temurin 25 at
# $JDK25; builds NAM core's harness (apt-get g++, Eigen) and starts the virtual sound card
# (apt-get pulseaudio) when missing. Takes ~30 minutes; run it on an otherwise idle machine.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:?usage: benchmarks/targets.sh OUT_DIR [ROUNDS]}"
rounds="${2:-15}"
jdk25="${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
jar="$here/benchmarks/target/benchmarks.jar"
for f in "$jar" "$here/cli/target/convstream.jar"; do
  [ -f "$f" ] || { echo "no $f: build first (mvn -q -B -ntp -DskipTests package)" >&2; exit 1; }
done
[ -x "$jdk25/bin/java" ] || { echo "no JDK 25 at $jdk25 (set JDK25)" >&2; exit 1; }
mkdir -p "$out"
out="$(cd "$out" && pwd)"
# an earlier run's results in the same folder must not pass for this run's
for f in peer17.md peer25.md a1.txt gemm17.txt gemm25.txt fir17.txt fir25.txt process.txt live.txt report.txt; do
  rm -f "$out/$f"
done
a1_rounds=$(( (rounds + 3) / 4 ))
process_rounds=$(( (rounds + 1) / 2 ))
live_starts=$(( (rounds + 2) / 3 ))
bench="${NAMCORE_BENCH:-$here/benchmarks/target/namcore/bench}"
[ -x "$bench" ] || sh "$here/benchmarks/namcore/build.sh" "$bench"
vector=(--add-modules jdk.incubator.vector -cp "$jar")

# Inputs of the process and live jobs: a 1,279-tap cabinet-like IR (decaying noise) and one second
# of a decaying 110 Hz tone with noise, 16-bit mono at 48 kHz, the same bits on every run.
python3 - "$out" <<'EOF'
import math, random, struct, sys, wave
def write(path, samples):
    with wave.open(path, 'wb') as f:
        f.setnchannels(1); f.setsampwidth(2); f.setframerate(48000)
        f.writeframes(b''.join(struct.pack('<h', round(32767 * max(-1.0, min(1.0, s)))) for s in samples))
rng = random.Random(5)
ir = [rng.gauss(0, 1) * math.exp(-i / 200.0) for i in range(1279)]
peak = max(abs(s) for s in ir)
write(sys.argv[1] + '/cab.wav', [0.9 * s / peak for s in ir])
write(sys.argv[1] + '/in.wav', [0.3 * math.sin(2 * math.pi * 110 * t / 48000) * math.exp(-2 * t / 48000)
                                + 0.02 * rng.gauss(0, 1) for t in range(48000)])
EOF
model="$here/cli/src/test/resources/dev/convstream/cli/wavenet_a1_standard.nam"
# A step writes NAME.part and renames it when it has ended: a killed run leaves no partial file
# under a name TargetReport reads.
done_as() { mv "$out/$1.part" "$out/$1"; }
stamp() { echo "== $1 $(date -u '+%Y-%m-%d %H:%M:%S') UTC, load $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$out/times.txt"; }
: > "$out/times.txt"

for jdk in 17 25; do
  java=java
  [ $jdk = 17 ] || java="$jdk25/bin/java"
  stamp "peer$jdk"
  "$java" "${vector[@]}" dev.convstream.bench.PeerRounds --markdown "$rounds" > "$out/peer$jdk.md.part" 2> "$out/peer$jdk.log"
  done_as "peer$jdk.md"
done
stamp a1
NAMCORE_BENCH="$bench" JDK25="$jdk25" bash "$here/benchmarks/namcore/a1-rounds.sh" "$a1_rounds" "$jar" > "$out/a1.txt.part"
done_as a1.txt
for jdk in 17 25; do
  java=java
  [ $jdk = 17 ] || java="$jdk25/bin/java"
  stamp "gemm$jdk"
  "$java" "${vector[@]}" dev.convstream.bench.GemmShare 9 > "$out/gemm$jdk.txt.part" 2>&1
  done_as "gemm$jdk.txt"
  stamp "fir$jdk"
  "$java" "${vector[@]}" dev.convstream.bench.FirCpuTime 2 1279,96000 vector plan > "$out/fir$jdk.txt.part" 2>&1
  done_as "fir$jdk.txt"
done
stamp process
bash "$here/scripts/startup-times.sh" "$model" "$out/cab.wav" "$out/in.wav" "$process_rounds" > "$out/process.txt.part"
done_as process.txt

stamp live
audio="$here/plugins/host/src/test/scripts/virtual-audio.sh"
bash "$audio" start > "$out/virtual-audio.log" 2>&1
trap 'bash "$audio" stop > /dev/null 2>&1 || true' EXIT
eval "$(bash "$audio" env)"
export CONVSTREAM_CACHE_DIR="$out/cache" # archives trained here, not in the user's cache
rm -f "$out/live.txt"
: > "$out/live.txt.part"
# start 0 of each JDK trains its class-data archive (docs/startup.md) and is not counted
for ((r = 0; r <= live_starts; r++)); do
  for home in /usr/lib/jvm/java-17-openjdk-amd64 "$jdk25"; do
    jdk=17
    [ "$home" = /usr/lib/jvm/java-17-openjdk-amd64 ] || jdk=25
    line=$(JAVA_HOME="$home" "$here/convstream" live --chain "nam(model=$model) -> convolver(ir=$out/cab.wav)" \
      --seconds=1 --verbose < /dev/null 2>&1 | grep '^start: chain loaded' || echo "no start line")
    [ $r = 0 ] || echo "jdk$jdk start $r: $line" >> "$out/live.txt.part"
  done
done
done_as live.txt
stamp end
java -cp "$jar" dev.convstream.bench.TargetReport "$out" > "$out/report.txt.part"
done_as report.txt
cat "$out/report.txt"
