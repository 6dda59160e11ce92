# Sourced by the run, test and CI scripts: keeps JAVA_HOME if it is a JDK 21+, else picks the newest
# JDK 21+ under /usr/lib/jvm (or the one `java` on PATH is, if that is new enough), and puts it first
# on PATH. Fails with one line when there is none.
jdk_21_or_newer() {
  local version
  version="$("$1/bin/java" -version 2>&1 | sed -nE 's/.*version "([0-9]+).*/\1/p' | head -n 1)"
  [ -n "$version" ] && [ "$version" -ge 21 ]
}
if [ -z "${JAVA_HOME:-}" ] || ! jdk_21_or_newer "$JAVA_HOME"; then
  JAVA_HOME=""
  for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V -r) \
      "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    candidate="${candidate%/}"
    if jdk_21_or_newer "$candidate"; then
      JAVA_HOME="$candidate"
      break
    fi
  done
  if [ -z "$JAVA_HOME" ]; then
    echo "No JDK 21 or newer: install one (e.g. apt-get install openjdk-21-jdk) or set JAVA_HOME to it" >&2
    exit 1
  fi
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
