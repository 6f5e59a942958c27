# The set-up the profile-less-*.sh scripts share, sourced by each after it sets `here`:
#   source "$here/driver-setup.sh" DRIVER [JAVA [JAR]]
# sets java (default: java) and jar (default: the benchmarks module's fat jar), makes $work (removed
# on exit) and compiles WhiteBox into $work/wb and DRIVER.java into $work/cls against the jar.
java="${2:-java}"
jar="${3:-$here/../../benchmarks/target/benchmarks.jar}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
javac -nowarn --release 17 -d "$work/wb" "$here/whitebox/jdk/test/whitebox/WhiteBox.java"
javac -nowarn --release 17 -cp "$work/wb:$jar" -d "$work/cls" "$here/$1.java"
