#!/bin/sh
# Training throughput, convstream (JMH TrainStepBenchmark) and PyTorch on CPU
# (src/main/python/train_throughput_torch.py, Debian's python3-torch), one after the other in one
# run, with the load before and after each: the ratio in the same run is what counts.
# Usage: benchmarks/train-throughput.sh [ARCHS] [THREADS]   (defaults: nano,feather,standard 1,2)
# Expects benchmarks/target/benchmarks.jar: mvn -q -B -ntp -pl benchmarks -am package -DskipTests
set -e
archs=${1:-nano,feather,standard}
threads=${2:-1,2}
here=$(dirname "$0")
echo "load before: $(cat /proc/loadavg)"
java --add-modules jdk.incubator.vector -jar "$here/target/benchmarks.jar" TrainStepBenchmark \
    -p arch="$archs" -p threads="$threads" -rf json -rff "$here/target/train-throughput.json"
echo "load between: $(cat /proc/loadavg)"
/usr/bin/python3 "$here/src/main/python/train_throughput_torch.py" --archs "$archs" --threads "$threads"
echo "load after: $(cat /proc/loadavg)"
