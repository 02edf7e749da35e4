# Shared by the bin/ scripts: find a JDK >= 21 and build slotkv when its sources are newer than the build.
# Sourced, not run.

SLOTKV_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

java_major() {
  "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}

# Sets JAVA_HOME to a JDK >= 21: JAVA_HOME if it is one, else the newest under /usr/lib/jvm.
select_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    local v; v=$(java_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then export JAVA_HOME; return 0; fi
  fi
  local best="" best_v=0 dir v
  for dir in /usr/lib/jvm/*; do
    [ -x "$dir/bin/javac" ] || continue
    v=$(java_major "$dir")
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$dir"; best_v="$v"; fi
  done
  if [ -z "$best" ]; then
    echo "slotkv needs a JDK 21 or newer: none found in JAVA_HOME (${JAVA_HOME:-unset}) or /usr/lib/jvm/*." >&2
    echo "Install one (for example: apt-get install openjdk-21-jdk-headless) or set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

# Maven's own libraries use sun.misc.Unsafe; keep JDK 23+ from printing warnings about it on every build.
maven_opts() {
  if [ "$(java_major "$JAVA_HOME")" -ge 23 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}

# Builds target/slotkv-*.jar and target/lib when missing or older than the sources.
ensure_built() {
  local jar
  jar=$(ls "$SLOTKV_HOME"/target/slotkv-*.jar 2>/dev/null | head -n 1 || true)
  if [ -n "$jar" ] && [ -d "$SLOTKV_HOME/target/lib" ] \
     && [ -z "$(find "$SLOTKV_HOME/src/main" "$SLOTKV_HOME/pom.xml" -newer "$jar" -print -quit)" ]; then
    return 0
  fi
  if ! command -v mvn >/dev/null 2>&1; then
    echo "slotkv builds with Maven: install it (apt-get install maven)." >&2
    return 1
  fi
  echo "Building slotkv..." >&2
  maven_opts
  (cd "$SLOTKV_HOME" && mvn -q -B -DskipTests package) >&2
}

# JVM options every slotkv process gets: Netty loads its native transport and uses sun.misc.Unsafe, which
# recent JDKs warn about unless allowed.
slotkv_jvm_flags() {
  echo "--enable-native-access=ALL-UNNAMED"
  if [ "$(java_major "$JAVA_HOME")" -ge 23 ]; then echo "--sun-misc-unsafe-memory-access=allow"; fi
}

slotkv_classpath() {
  local jar
  jar=$(ls "$SLOTKV_HOME"/target/slotkv-*.jar | head -n 1)
  echo "$jar:$SLOTKV_HOME/target/lib/*"
}
