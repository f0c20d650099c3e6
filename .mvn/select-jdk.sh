# Sourced by ./mvnw before it starts Maven: makes sure Maven and everything it forks run on a
# JDK 25 or newer, without any setup by hand.
#
# Order: a JAVA_HOME that already points at JDK >= 25; the `java` on the PATH if it is >= 25; else
# the newest JDK >= 25 found in the usual install folders. If none is found, stop with a message
# that says what to install. POSIX sh; mvnw runs with `set -euf` (no globbing), so globbing is
# switched on only while the install folders are listed.

cairn_required_major=25

# Prints the feature version (25 for "25.0.3") of the JDK home $1, or nothing.
cairn_jdk_major() {
  if [ -f "$1/release" ] && [ -x "$1/bin/javac" ]; then
    sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1
  fi
}

cairn_jdk_ok() {
  cairn_major=$(cairn_jdk_major "$1")
  [ -n "$cairn_major" ] && [ "$cairn_major" -ge "$cairn_required_major" ]
}

cairn_select_jdk() {
  if [ -n "${JAVA_HOME-}" ] && cairn_jdk_ok "$JAVA_HOME"; then
    return 0
  fi
  cairn_path_java=$(command -v java 2>/dev/null || true)
  if [ -n "$cairn_path_java" ]; then
    cairn_path_home=$(dirname "$(dirname "$(readlink -f "$cairn_path_java")")")
    if cairn_jdk_ok "$cairn_path_home"; then
      JAVA_HOME=$cairn_path_home
      export JAVA_HOME
      return 0
    fi
  fi
  cairn_best_home=
  cairn_best_major=0
  set +f
  for cairn_home in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
      "${HOME-}"/.sdkman/candidates/java/* "${HOME-}"/.jdks/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$cairn_home" ] || continue
    cairn_major=$(cairn_jdk_major "$cairn_home")
    [ -n "$cairn_major" ] || continue
    if [ "$cairn_major" -ge "$cairn_required_major" ] && [ "$cairn_major" -gt "$cairn_best_major" ]; then
      cairn_best_home=$cairn_home
      cairn_best_major=$cairn_major
    fi
  done
  set -f
  if [ -z "$cairn_best_home" ]; then
    echo "Cairn needs a JDK $cairn_required_major or newer, and none was found." >&2
    echo "  looked at: JAVA_HOME (${JAVA_HOME:-unset}), java on the PATH (${cairn_path_java:-none})," >&2
    echo "  /usr/lib/jvm, /usr/java, /opt/java, /opt/jdk*, ~/.sdkman, ~/.jdks, /Library/Java." >&2
    echo "  Install one (for example Debian/Ubuntu: 'apt-get install temurin-25-jdk' from the" >&2
    echo "  Adoptium repository, or any OpenJDK 25 build) or set JAVA_HOME to it, then run again." >&2
    exit 1
  fi
  JAVA_HOME=$cairn_best_home
  export JAVA_HOME
}

cairn_select_jdk

# Maven 3.9's Guice calls sun.misc.Unsafe, which JDK 24+ reports on every run; the flag exists
# only on JDK 24+, so it is set here rather than in .mvn/jvm.config (plain mvn on JDK 17 reads that).
MAVEN_OPTS="${MAVEN_OPTS-} --sun-misc-unsafe-memory-access=allow"
export MAVEN_OPTS
