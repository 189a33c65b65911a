# Finds a JDK of the release the build targets and exports it as JAVA_HOME. Sourced (POSIX sh) by ./mvnw,
# ./shopscale and .ci/run, so none of them needs the user to export anything: machines often have an older default
# `java` (this project's CI machines have 17) with the right JDK installed beside it.
#
# Order: JAVA_HOME, the `java` on the PATH, then the usual places JDKs are installed (Linux packages, macOS,
# SDKMAN!, IntelliJ, ~/.jdks). The newest suitable JDK in those places wins. A JDK's version is read from its
# `release` file, so nothing is started. SHOPSCALE_JDK_QUIET=1 silences the line that names the chosen JDK.
#
# Keep SHOPSCALE_JAVA_RELEASE in step with <java.version> in pom.xml (the enforcer checks Maven's JDK as well).

SHOPSCALE_JAVA_RELEASE=25

# Major version of the JDK at $1, or nothing when $1 is not a JDK (a JRE has no javac: Maven needs the JDK).
shopscale_jdk_major() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -f "$1/release" ] || return 0
  sed -n 's/^JAVA_VERSION="\(1\.\)\{0,1\}\([0-9][0-9]*\).*/\2/p' "$1/release"
}

shopscale_find_jdk() {
  _sjdk_best="" _sjdk_best_major=0 _sjdk_noglob=0
  case $- in *f*) _sjdk_noglob=1; set +f ;; esac
  _sjdk_path_java=$(command -v java 2>/dev/null || true)
  [ -n "$_sjdk_path_java" ] && _sjdk_path_java=$(dirname "$(dirname "$(readlink -f "$_sjdk_path_java")")")
  for _sjdk_dir in "${JAVA_HOME-}" "$_sjdk_path_java" \
      /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/Library/Java/JavaVirtualMachines/*/Contents/Home \
      "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -n "$_sjdk_dir" ] && [ -d "$_sjdk_dir" ] || continue
    _sjdk_major=$(shopscale_jdk_major "$_sjdk_dir")
    [ -n "$_sjdk_major" ] && [ "$_sjdk_major" -ge "$SHOPSCALE_JAVA_RELEASE" ] || continue
    # JAVA_HOME or the PATH's java, when suitable, is the user's choice: keep it.
    if [ "$_sjdk_dir" = "${JAVA_HOME-}" ] || [ "$_sjdk_dir" = "$_sjdk_path_java" ]; then
      _sjdk_best=$_sjdk_dir; _sjdk_best_major=$_sjdk_major; break
    fi
    if [ "$_sjdk_major" -gt "$_sjdk_best_major" ]; then _sjdk_best=$_sjdk_dir; _sjdk_best_major=$_sjdk_major; fi
  done
  [ "$_sjdk_noglob" = 1 ] && set -f
  if [ -z "$_sjdk_best" ]; then
    echo "ShopScale needs a JDK $SHOPSCALE_JAVA_RELEASE or newer; none found (JAVA_HOME=${JAVA_HOME:-unset}," \
      "java on the PATH: ${_sjdk_path_java:-none}; looked in /usr/lib/jvm, /usr/java, /opt, macOS's" \
      "JavaVirtualMachines, SDKMAN! and ~/.jdks). Install one, or set JAVA_HOME to it." >&2
    return 1
  fi
  JAVA_HOME=$(readlink -f "$_sjdk_best")
  export JAVA_HOME
  [ "${SHOPSCALE_JDK_QUIET-}" = 1 ] || echo "Using JDK $_sjdk_best_major at $JAVA_HOME" >&2
}
