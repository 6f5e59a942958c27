#!/usr/bin/env bash
# A virtual sound card for machines without one (CI): a private PulseAudio server with a null
# sink "spk" (the speaker, recorded through spk.monitor) and a virtual microphone "mic" fed
# through the null sink "micsrc", and ALSA's default device routed to it so Java Sound sees
# "default [default]" with capture and playback lines. See /work/shared/live-audio.md.
#
#   virtual-audio.sh start   install what is missing (apt-get, only when missing), start the server
#   virtual-audio.sh env     print the exports a test run needs:  eval "$(virtual-audio.sh env)"
#   virtual-audio.sh stop    stop the server this script started (by its PID)
#   virtual-audio.sh loopback MS   loop the speaker back into the microphone with MS ms of delay
#                                  (module-loopback spk.monitor -> micsrc); prints the module index
#   virtual-audio.sh unloop INDEX  remove that loopback
#
# Both null sinks run float32 at 44.1 kHz, stereo: the virtual card quantises nothing, so a live
# test can compare what it recorded with the chain run offline sample for sample.
#
# Both sinks are kept clocked, as a sound card is: a null sink that no stream uses sleeps in 2 s
# blocks ("configured 2000000 usec" in `pactl list sinks`), and a stream that connects then waits
# for the block in progress: the capture's first data came 1.3-1.6 s after the line started, and
# playback began 0.8-1.7 s late (BENCHMARKS.md, "Live: a virtual card that stays clocked"). Two
# pacat "keepers" (silence into micsrc, a recording of spk.monitor thrown away) hold both sinks at
# 10 ms from the start, so what a live start measures is convstream and the server, not the idle
# null sink. Silence mixed into micsrc changes no sample a test records.
# The live JUnit tests run only when CONVSTREAM_VIRTUAL_AUDIO=1 (exported by "env").
set -euo pipefail

STATE_DIR="${CONVSTREAM_AUDIO_DIR:-${TMPDIR:-/tmp}/convstream-virtual-audio}"
RUNTIME_DIR="$STATE_DIR/runtime"
ALSA_CONF="$STATE_DIR/asound.conf"
PID_FILE="$STATE_DIR/pulseaudio.pid"
KEEPERS_FILE="$STATE_DIR/keepers.pid"
LOG_FILE="$STATE_DIR/pulseaudio.log"
PACKAGES=(pulseaudio pulseaudio-utils alsa-utils libasound2-plugins sox)
SYSTEM_ALSA_CONF=/usr/share/alsa/alsa.conf

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      echo "$p"
    fi
  done
}

install_missing() {
  local missing sudo=""
  missing="$(missing_packages)"
  if [ -z "$missing" ]; then
    return
  fi
  if [ "$(id -u)" != 0 ]; then
    sudo=sudo
  fi
  echo "virtual-audio: installing $(echo $missing)" >&2
  $sudo apt-get update -qq
  # shellcheck disable=SC2086 # one word per package
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >&2
}

print_env() {
  echo "export XDG_RUNTIME_DIR='$RUNTIME_DIR'"
  echo "export PULSE_SERVER='unix:$RUNTIME_DIR/pulse/native'"
  echo "export ALSA_CONFIG_PATH='$SYSTEM_ALSA_CONF:$ALSA_CONF'"
  echo "export CONVSTREAM_VIRTUAL_AUDIO=1"
}

running() {
  [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null
}

start() {
  install_missing
  if running; then
    echo "virtual-audio: already running (pid $(cat "$PID_FILE"))" >&2
    return
  fi
  mkdir -p "$STATE_DIR"
  rm -rf "$RUNTIME_DIR"
  mkdir -m 700 "$RUNTIME_DIR"
  cat > "$ALSA_CONF" <<'ALSA'
pcm.!default { type pulse }
ctl.!default { type pulse }
ALSA
  export XDG_RUNTIME_DIR="$RUNTIME_DIR"
  unset PULSE_SERVER
  # -n: no default.pa, only the modules below. Root is allowed (CI containers run as root).
  pulseaudio -n --daemonize=no --exit-idle-time=-1 --use-pid-file=no --log-target=stderr \
    --load="module-native-protocol-unix" \
    --load="module-null-sink sink_name=spk format=float32le rate=44100 channels=2" \
    --load="module-null-sink sink_name=micsrc format=float32le rate=44100 channels=2" \
    --load="module-remap-source source_name=mic master=micsrc.monitor" \
    >"$LOG_FILE" 2>&1 &
  echo $! > "$PID_FILE"
  local i
  for i in $(seq 1 50); do
    if pactl info >/dev/null 2>&1; then
      break
    fi
    if ! running; then
      echo "virtual-audio: pulseaudio exited; log:" >&2
      cat "$LOG_FILE" >&2
      exit 1
    fi
    sleep 0.1
  done
  pactl info >/dev/null
  pactl set-default-source mic
  pactl set-default-sink spk
  keep_clocked
  echo "virtual-audio: PulseAudio pid $(cat "$PID_FILE"), sink spk, source mic; state in $STATE_DIR" >&2
}

keep_clocked() {
  local fmt=(--format=float32le --rate=44100 --channels=2 --latency-msec=10)
  pacat --playback -d micsrc "${fmt[@]}" --client-name=convstream-keeper < /dev/zero >/dev/null 2>&1 &
  echo $! > "$KEEPERS_FILE"
  pacat --record -d spk.monitor "${fmt[@]}" --client-name=convstream-keeper > /dev/null 2>&1 &
  echo $! >> "$KEEPERS_FILE"
  # The 2 s block the sinks began with runs out first: wait (at most 3 s) until both report less
  # than 100 ms of latency.
  local i
  for i in $(seq 1 30); do
    if ! pactl list sinks | awk '/^\tLatency:/ && $2 >= 100000 {slow = 1} END {exit slow}'; then
      sleep 0.1
      continue
    fi
    return
  done
  echo "virtual-audio: the sinks did not reach 10 ms latency within 3 s; live starts may be late" >&2
}

stop() {
  if [ -f "$KEEPERS_FILE" ]; then
    # shellcheck disable=SC2046 # one PID a word
    kill $(cat "$KEEPERS_FILE") 2>/dev/null || true
    rm -f "$KEEPERS_FILE"
  fi
  if running; then
    local pid
    pid="$(cat "$PID_FILE")"
    kill "$pid"
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    echo "virtual-audio: stopped pid $pid" >&2
  fi
  rm -f "$PID_FILE"
}

# The loopback's delay is what module-loopback aims at (it adapts its resampler to hold it);
# PulseAudio adds its own sink and source buffering on top (docs/live.md says how much).
loopback() {
  local ms="${1:?usage: $0 loopback MS}"
  pactl load-module module-loopback source=spk.monitor sink=micsrc latency_msec="$ms" \
    source_dont_move=true sink_dont_move=true
}

unloop() {
  pactl unload-module "${1:?usage: $0 unloop INDEX}"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) print_env ;;
  loopback) loopback "${2:-}" ;;
  unloop) unloop "${2:-}" ;;
  *) echo "usage: $0 start|stop|env|loopback MS|unloop INDEX" >&2; exit 2 ;;
esac
