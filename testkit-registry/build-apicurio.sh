#!/bin/sh
# Builds Apicurio Registry (app/pom.xml) into app/target/quarkus-app for the tests, unless it is
# built already and newer than its sources (mvn clean keeps it: delete app/target to rebuild). Never fails: a machine that cannot download Quarkus and
# Apicurio from Maven Central (~210 MB the first time) still builds and tests runlog, and the tests
# that want a real Schema Registry then use the in-process one and say so.
#
# usage: build-apicurio.sh <maven.home> offline=<true|false> <local repository>
set -u
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/app/target/quarkus-app/quarkus-run.jar"
if [ -f "$jar" ] && [ -z "$(find "$here/app/pom.xml" "$here/app/src" -newer "$jar" 2>/dev/null)" ]; then
  echo "Apicurio Registry is built already: $jar"
  exit 0
fi
offline=""
[ "$2" = "offline=true" ] && offline="--offline"
echo "Building Apicurio Registry into $here/app/target (the first time: ~210 MB from Maven Central)"
if "$1/bin/mvn" --batch-mode --quiet $offline "-Dmaven.repo.local=$3" -f "$here/app/pom.xml" package -DskipTests; then
  echo "Apicurio Registry built: $jar"
else
  rm -f "$jar" # a half-built app must not look built
  echo "[WARNING] Apicurio Registry could not be built (see above). The build goes on: tests that want a" \
    "real Schema Registry use the in-process one instead. Build it alone with: mvn -B -pl testkit-registry package"
fi
exit 0
