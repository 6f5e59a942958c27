#!/usr/bin/env bash
# Submits features-beam/target/convstream-beam.jar with Flink's own client (`flink run`) to a real
# Flink 1.19 standalone session cluster started on this machine (one JobManager, one TaskManager
# with 2 slots, separate JVMs), on a small generated corpus, and checks that the cluster's outputs
# equal the local executor's: the same .npy bytes, the same manifest lines (order aside), and a
# dead letter for each input the local executor failed on (same input, same reason). Stops the
# cluster and exits 0 only when all of that holds.
#
# Flink's binary distribution is not on Maven Central; its parts are: the cluster's class path is
# resolved from flink-cluster/pom.xml (flink-clients with the runtime, as lib/flink-dist.jar holds
# them), and the daemons are started the way bin/jobmanager.sh and bin/taskmanager.sh start them
# (memory settings from Flink's BashJavaUtils, the JDK opens from Flink's own flink-conf.yaml).
#
# Usage: flink-cluster-run.sh [JAR]     (build the jar first: mvn -B -ntp -DskipTests package)
# Env:   JAVA_HOME  the JDK for the cluster, the client and the local run (default: java on PATH)
#        KEEP=1     keep the work folder (logs, corpus, outputs) and print where it is
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
jar="$(realpath "${1:-$repo/features-beam/target/convstream-beam.jar}")"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
[[ -f "$jar" ]] || { echo "flink-cluster-run: no jar at $jar (mvn -B -ntp -DskipTests package)" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/convstream-flink-cluster.XXXXXX")"
pids=()
cleanup() {
    local rc=$?
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [[ $rc -ne 0 ]]; then
        for log in "$work"/*.log; do
            [[ -f "$log" ]] && { echo "---- last lines of $log" >&2; tail -n 30 "$log" >&2; }
        done
    fi
    if [[ "${KEEP:-0}" == 1 ]]; then echo "flink-cluster-run: work folder kept: $work" >&2; else rm -rf "$work"; fi
    exit $rc
}
trap cleanup EXIT
start=$SECONDS
# Flink looks for plugins in ./plugins (FLINK_PLUGINS_DIR): not the checkout's own plugins/ folder.
mkdir "$work/plugins"
export FLINK_PLUGINS_DIR="$work/plugins"
cd "$work"
say() { echo "flink-cluster-run [$((SECONDS - start)) s]: $*"; }

# 1. The cluster's class path (offline first: the jars are those the build already resolved).
cp_file="$work/flink-classpath.txt"
mvn_cp=(mvn -B -ntp -q -f "$here/flink-cluster/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp_file")
"${mvn_cp[@]}" -o >"$work/mvn.log" 2>&1 || "${mvn_cp[@]}" >>"$work/mvn.log" 2>&1
flink_cp="$(cat "$cp_file")"
say "Flink 1.19 class path: $(tr ':' '\n' <"$cp_file" | wc -l) jars; $("$java" -version 2>&1 | head -n 1)"

# 2. A small corpus: mixed rates, channels and bit depths, one in a sub-folder, and three bad files.
python3 - "$work/corpus" <<'PY'
import math, os, struct, sys, wave
root = sys.argv[1]
os.makedirs(os.path.join(root, "sub"))
def clip(path, rate, channels, bits, seconds, freq):
    frames = int(rate * seconds)
    data = bytearray()
    for n in range(frames):
        for ch in range(channels):
            x = 0.4 * math.sin(2 * math.pi * (freq + 50 * ch) * n / rate)
            if bits == 8:
                data += struct.pack("<B", int(round(128 + 127 * x)))
            elif bits == 16:
                data += struct.pack("<h", int(round(32767 * x)))
            else:
                data += struct.pack("<i", int(round(8388607 * x)))[:3]
    with wave.open(path, "wb") as w:
        w.setnchannels(channels); w.setsampwidth(bits // 8); w.setframerate(rate); w.writeframes(bytes(data))
i = 0
for rate in (8000, 16000, 22050, 44100, 48000):
    for channels, bits in ((1, 16), (2, 24), (1, 8)):
        folder = "sub" if i % 4 == 3 else ""
        clip(os.path.join(root, folder, f"clip{i}_{rate}_{channels}ch_{bits}bit.wav"), rate, channels, bits, 1.0, 220 + 30 * i)
        i += 1
with open(os.path.join(root, "clip0_8000_1ch_16bit.wav"), "rb") as f:
    whole = f.read()
with open(os.path.join(root, "truncated.wav"), "wb") as f:
    f.write(whole[:30])
open(os.path.join(root, "empty.wav"), "wb").close()
with open(os.path.join(root, "not-audio.wav"), "w") as f:
    f.write("this is not a RIFF file\n")
PY
say "corpus: $(find "$work/corpus" -name '*.wav' | wc -l) files in $work/corpus"

# 3. The cluster's configuration: everything on localhost, free ports, 2 slots, Flink's JDK 17 opens.
read -r rpc_port rest_port blob_port <<<"$(python3 -c '
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')"
opens="--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED"
conf="$work/conf"
mkdir -p "$conf"
cat >"$conf/flink-conf.yaml" <<EOF
jobmanager.rpc.address: localhost
jobmanager.rpc.port: $rpc_port
jobmanager.bind-host: localhost
jobmanager.memory.process.size: 1024m
rest.address: localhost
rest.bind-address: localhost
rest.port: $rest_port
blob.server.port: $blob_port
taskmanager.host: localhost
taskmanager.bind-host: localhost
taskmanager.numberOfTaskSlots: 2
taskmanager.memory.process.size: 1536m
parallelism.default: 2
env.java.opts.all: $opens
# conv-core's kernels use the Vector API when the module is there (README); the workers run them.
env.java.opts.taskmanager: --add-modules jdk.incubator.vector
EOF

# 4. The daemons, as bin/jobmanager.sh and bin/taskmanager.sh start them: JVM and dynamic memory
#    options computed by Flink's BashJavaUtils from the configuration.
bash_java_utils() { # COMMAND -> two lines: JVM options, then dynamic properties
    "$java" -cp "$flink_cp" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$conf" 2>>"$work/bash-java-utils.log" \
        | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p' | tail -n 2
}
mapfile -t jm < <(bash_java_utils GET_JM_RESOURCE_PARAMS)
mapfile -t tm < <(bash_java_utils GET_TM_RESOURCE_PARAMS)
[[ ${#jm[@]} -eq 2 && ${#tm[@]} -eq 2 ]] || { echo "flink-cluster-run: BashJavaUtils gave no memory settings" >&2; exit 1; }
# shellcheck disable=SC2086 # the option strings are word lists
"$java" ${jm[0]} $opens -cp "$flink_cp" org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
    --configDir "$conf" --executionMode cluster ${jm[1]} >"$work/jobmanager.log" 2>&1 &
pids+=($!)
# shellcheck disable=SC2086
"$java" ${tm[0]} $opens --add-modules jdk.incubator.vector -cp "$flink_cp" org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
    --configDir "$conf" ${tm[1]} >"$work/taskmanager.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 240); do
    overview="$(curl -sf "http://localhost:$rest_port/overview" || true)"
    [[ "$overview" == *'"taskmanagers":1,"slots-total":2'* ]] && break
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "flink-cluster-run: a Flink daemon died" >&2; exit 1; }; done
    sleep 0.5
done
[[ "$overview" == *'"taskmanagers":1,"slots-total":2'* ]] || { echo "flink-cluster-run: the TaskManager did not register its 2 slots in 120 s" >&2; exit 1; }
say "session cluster up: REST http://localhost:$rest_port, $overview"

# 5. The local executor, then `flink run` (Flink's CliFrontend, as bin/flink runs it) with the same job.
# The command exits non-zero when an input failed, as here (three bad files): both must exit alike.
local_rc=0
"$java" --add-modules jdk.incubator.vector -jar "$jar" features "$work/corpus" -o "$work/local" >"$work/local.log" 2>&1 || local_rc=$?
[[ -f "$work/local/manifest.jsonl" ]] || { echo "flink-cluster-run: the local executor wrote no manifest" >&2; exit 1; }
say "local executor done (exit code $local_rc)"
# shellcheck disable=SC2086
FLINK_CONF_DIR="$conf" "$java" $opens -cp "$flink_cp" org.apache.flink.client.cli.CliFrontend \
    run -m "localhost:$rest_port" "$jar" features "$work/corpus" -o "$work/cluster" --runner flink --parallelism=2 \
    >"$work/flink-run.log" 2>&1 || cluster_rc=$?
[[ ${cluster_rc:-0} -eq $local_rc && -f "$work/cluster/manifest.jsonl" ]] \
    || { echo "flink-cluster-run: flink run exited ${cluster_rc:-0} (the local executor: $local_rc)" >&2; exit 1; }
say "flink run done (exit code ${cluster_rc:-0}): $(grep -c . "$work/cluster/manifest.jsonl") manifest lines"
grep -q '"jobs-finished":1\|"jobs-finished": 1' <(curl -sf "http://localhost:$rest_port/overview") \
    || { echo "flink-cluster-run: the cluster did not run the job: $(curl -sf "http://localhost:$rest_port/overview")" >&2; exit 1; }

# 6. The same outputs: every file but the run's records byte for byte, the manifest lines, the failures.
python3 - "$work/local" "$work/cluster" <<'PY'
import json, os, sys
local, cluster = sys.argv[1], sys.argv[2]
records = {"manifest.jsonl", "dead-letters.jsonl"}
def files(root):
    out = {}
    for d, _, names in os.walk(root):
        for n in names:
            rel = os.path.relpath(os.path.join(d, n), root)
            if rel not in records:
                with open(os.path.join(d, n), "rb") as f:
                    out[rel] = f.read()
    return out
a, b = files(local), files(cluster)
problems = []
if sorted(a) != sorted(b):
    problems.append(f"different files: only local {sorted(set(a) - set(b))}, only cluster {sorted(set(b) - set(a))}")
problems += [f"{n}: different bytes" for n in sorted(set(a) & set(b)) if a[n] != b[n]]
def lines(path):
    with open(path, encoding="utf-8") as f:
        return sorted(l for l in f.read().splitlines() if l.strip())
ml, mc = lines(os.path.join(local, "manifest.jsonl")), lines(os.path.join(cluster, "manifest.jsonl"))
if ml != mc:
    problems.append(f"manifests differ: only local {sorted(set(ml) - set(mc))}, only cluster {sorted(set(mc) - set(ml))}")
failed = sorted((e["input"], e["error"]) for e in map(json.loads, ml) if e.get("status") == "failed")
dead = sorted((e["input"], e["reason"]) for e in map(json.loads, lines(os.path.join(cluster, "dead-letters.jsonl"))))
if failed != dead:
    problems.append(f"dead letters {dead} are not the local failures {failed}")
npy = [n for n in a if n.endswith(".npy")]
if not npy or not failed:
    problems.append(f"the corpus proves nothing: {len(npy)} outputs, {len(failed)} failures")
for p in problems:
    print("flink-cluster-run: MISMATCH " + p, file=sys.stderr)
if problems:
    sys.exit(1)
print(f"flink-cluster-run: same as the local executor: {len(npy)} .npy files byte for byte, "
      f"{len(ml)} manifest lines, {len(dead)} dead letters")
PY
say "OK"
