#!/bin/sh
# rootfs.sh BASE OUT CLASSPATH_FILE
#
# Lays out in OUT what the runlog image adds to its base image (Jib copies OUT to / as one layer):
#
# - always: /var/lib/runlog, the working and data directory (the image runs as uid 1000; Jib cannot
#   chown, so the directory is world-writable, see the Jib permissions in cli/pom.xml).
# - BASE "scratch" (the default, needs no registry): everything else a Java program needs,
#   taken from the build machine:
#   * /opt/java/openjdk: a Java runtime made with jlink from the build JDK (JAVA_HOME, or the javac
#     on PATH) with the modules below; the same path as the eclipse-temurin images, so the image's
#     entrypoint is the same for both bases.
#   * the shared libraries that runtime and the native libraries inside the jars (RocksDB, zstd,
#     snappy, lz4) load, found with ldd, at the paths ldd found them (glibc's loader, libc, libm,
#     libstdc++, libgcc_s, libz, ...).
#   * /etc/passwd and /etc/group with root and runlog (uid/gid 1000), /etc/nsswitch.conf, an
#     /etc/hosts for localhost (a container runtime mounts its own over it), and /tmp, where
#     RocksDB unpacks its library.
#
# The jlink'ed runtime is kept between builds while the module list and the JDK stay the same
# (jlink is most of this script's time).
set -eu

base=$1
mkdir -p "$2"
out=$(cd "$2" && pwd -P) # absolute, as ldd prints paths
classpath_file=$3

# jdeps over the runtime jars (the non-modular ones; it cannot resolve the modular ones alone) names
# java.base, java.desktop (java.beans), java.logging, java.management, java.net.http, java.security.jgss,
# java.security.sasl, java.sql, jdk.management and jdk.unsupported. The rest are loaded by name at run
# time or used by the modular jars: JNDI (Kafka's SASL/OAuth, Jetty), XML, EC keys for TLS, Kerberos
# login modules, DNS lookups, JFR and agents for operators, zip file systems.
modules="java.base,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.security.jgss,\
java.security.sasl,java.sql,java.xml,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.naming.dns,jdk.net,jdk.security.auth,\
jdk.security.jgss,jdk.unsupported,jdk.zipfs"

mkdir -p "$out/var/lib/runlog"
chmod 777 "$out/var/lib/runlog"

if [ "$base" != scratch ]; then
  # the base brings Java, /etc and /tmp; anything left from a scratch build would shadow its files
  find "$out" -mindepth 1 -maxdepth 1 ! -name var -exec rm -rf {} +
  echo "rootfs.sh: base $base: adding $out/var/lib/runlog only"
  exit 0
fi

for tool in ldd unzip; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "rootfs.sh: $tool is needed to find the libraries the image's runtime loads (Debian: apt-get install libc-bin unzip)," \
      "or build the image on a base with Java: -Dimage.base=eclipse-temurin:17-jre; -Dimage.skip=true builds no image" >&2
    exit 1
  fi
done

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jlink" ]; then
  jdk=$JAVA_HOME
else
  jdk=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
fi
if [ ! -d "$jdk/jmods" ]; then
  echo "rootfs.sh: $jdk has no jmods/: a full JDK is needed to make the image's runtime (Debian: apt-get install openjdk-17-jdk-headless);" \
    "or -Dimage.base=eclipse-temurin:17-jre (a base with Java), or -Dimage.skip=true (no image)" >&2
  exit 1
fi
case $("$jdk/bin/java" -version 2>&1 | head -n 1) in
  *'"17'*) ;;
  *) echo "rootfs.sh: the runtime is made from $jdk, which is not Java 17" >&2; exit 1 ;;
esac

runtime="$out/opt/java/openjdk"
stamp="$out.jlink" # beside OUT, not in the image
want="$jdk $modules"
if [ ! -x "$runtime/bin/java" ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  rm -rf "$runtime"
  mkdir -p "$out/opt/java"
  "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 --output "$runtime"
  # java.desktop is there for java.beans: its native graphics and sound libraries, which would pull
  # in X11, freetype and ALSA, are never loaded by a server
  for gui in libawt libawt_headless libawt_xawt libfontmanager libjavajpeg libjawt libjsound liblcms libmlib_image libsplashscreen; do
    rm -f "$runtime/lib/$gui.so"
  done
  echo "$want" > "$stamp"
fi

# Native libraries inside the jars, to learn what they link against (only x86-64 glibc ones matter).
natives=$(mktemp -d)
trap 'rm -rf "$natives"' EXIT
for jar in $(tr ':' ' ' < "$classpath_file"); do
  entries=$(unzip -Z1 "$jar" 2>/dev/null | grep -E '\.so$' | grep -E 'linux64|linux-x86[-_]64|linux/amd64|linux/x86_64|Linux/x86_64|linux-amd64' \
    | grep -v musl || true)
  for entry in $entries; do
    unzip -q -o "$jar" "$entry" -d "$natives"
  done
done

# Every shared object of the runtime and the jars, and the libraries they need, transitively (ldd
# lists the whole closure): copied to the same path in the image.
libs=$( { find "$runtime" -type f \( -name '*.so' -o -path '*/bin/*' \); find "$natives" -type f -name '*.so'; } \
  | while read -r f; do ldd "$f" 2>/dev/null || true; done \
  | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' | grep -v -e "^$runtime/" -e "^$natives/" | sort -u)
find "$out" -mindepth 1 -maxdepth 1 ! -name opt ! -name var -exec rm -rf {} + # what an earlier build copied
for lib in $libs; do
  mkdir -p "$out$(dirname "$lib")"
  cp -L "$lib" "$out$lib"
done
echo "rootfs.sh: runtime $runtime ($(du -sh "$runtime" | cut -f1)), libraries: $(echo $libs)"

mkdir -p "$out/etc" "$out/tmp"
chmod 1777 "$out/tmp"
cat > "$out/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
runlog:x:1000:1000:runlog:/var/lib/runlog:/sbin/nologin
PASSWD
cat > "$out/etc/group" <<'GROUP'
root:x:0:
runlog:x:1000:
GROUP
echo "hosts: files dns" > "$out/etc/nsswitch.conf"
cat > "$out/etc/hosts" <<'HOSTS'
127.0.0.1 localhost
::1 localhost ip6-localhost ip6-loopback
HOSTS
