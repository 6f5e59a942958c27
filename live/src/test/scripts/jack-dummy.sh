#!/usr/bin/env bash
# A JACK server with the dummy driver (no sound card, no realtime privileges) for the JACK
# backend's tests and soak: Debian's jackd2, installed when missing, at 48 kHz and 64 frames.
#
#   jack-dummy.sh start   install jackd2 if missing, start the server, wait until it answers
#   jack-dummy.sh env     print the exports a test run needs:  eval "$(jack-dummy.sh env)"
#   jack-dummy.sh stop    stop the server this script started (by its PID)
#
# JACK_DUMMY_RATE and JACK_DUMMY_PERIOD change the rate and period; JACK_DUMMY_NAME the server
# name, "convstream-dummy" by default, so it never takes over a user's own "default" server (the
# tests find it through JACK_DEFAULT_SERVER, exported by "env"). JACK_DUMMY_REALTIME=1 runs it
# with realtime scheduling (SCHED_FIFO, needs root or an rtprio limit; the soak uses it): the
# server and its clients' process threads then preempt ordinary work, as on a musician's machine.
set -euo pipefail

SERVER_NAME="${JACK_DUMMY_NAME:-convstream-dummy}"
STATE_DIR="${CONVSTREAM_JACK_DIR:-${TMPDIR:-/tmp}/$SERVER_NAME}"
PID_FILE="$STATE_DIR/jackd.pid"
LOG_FILE="$STATE_DIR/jackd.log"
RATE="${JACK_DUMMY_RATE:-48000}"
PERIOD="${JACK_DUMMY_PERIOD:-64}"
# jackd2 brings the server and its example clients (jack_lsp, jack_wait, jack_bufsize).
PACKAGES=(jackd2)

install_missing() {
  local p missing=()
  for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return
  fi
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    sudo=sudo
  fi
  echo "jack-dummy: installing ${missing[*]}" >&2
  # jackd2's postinst asks whether to allow realtime scheduling for the audio group: the dummy
  # driver needs none, so answer "no" before the question is asked.
  echo "jackd2 jackd/tweak_rt_limits boolean false" | $sudo debconf-set-selections
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

running() {
  [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null
}

answers() {
  JACK_DEFAULT_SERVER="$SERVER_NAME" JACK_NO_START_SERVER=1 jack_lsp >/dev/null 2>&1
}

print_env() {
  echo "export JACK_DEFAULT_SERVER='$SERVER_NAME'"
  echo "export JACK_NO_START_SERVER=1"
}

start() {
  install_missing
  if running && answers; then
    echo "jack-dummy: already running (pid $(cat "$PID_FILE"))" >&2
    return
  fi
  mkdir -p "$STATE_DIR"
  # --no-realtime by default: CI containers may have no RLIMIT_RTPRIO; the dummy driver paces
  # itself with a timer, so SCHED_OTHER works (on a loaded machine with xruns, which the tests
  # do not depend on). --sync: the server waits for every client
  # within the period, so playback latency is one period and the round trip two (JACK2's default
  # asynchronous mode adds one period of playback latency). -C/-P 2: two physical ports each way.
  local scheduling=(--no-realtime)
  if [ "${JACK_DUMMY_REALTIME:-0}" = 1 ]; then
    scheduling=(--realtime --realtime-priority 70)
  fi
  # JACK_DUMMY_LOG_XRUNS=1: without --silent, the log names the client that was late at each xrun.
  local quiet=(--silent)
  if [ "${JACK_DUMMY_LOG_XRUNS:-0}" = 1 ]; then
    quiet=()
  fi
  jackd --name "$SERVER_NAME" "${scheduling[@]}" --sync "${quiet[@]}" \
    -d dummy -r "$RATE" -p "$PERIOD" -C 2 -P 2 >"$LOG_FILE" 2>&1 &
  echo $! > "$PID_FILE"
  local i
  for i in $(seq 1 100); do
    if answers; then
      echo "jack-dummy: jackd pid $(cat "$PID_FILE"), server $SERVER_NAME, ${RATE} Hz, $PERIOD frames" >&2
      return
    fi
    if ! running; then
      echo "jack-dummy: jackd exited; log:" >&2
      cat "$LOG_FILE" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "jack-dummy: jackd (pid $(cat "$PID_FILE")) did not answer within 10 s; log:" >&2
  cat "$LOG_FILE" >&2
  stop
  exit 1
}

stop() {
  if running; then
    local pid
    pid="$(cat "$PID_FILE")"
    kill "$pid"
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    echo "jack-dummy: stopped pid $pid" >&2
  fi
  rm -f "$PID_FILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
