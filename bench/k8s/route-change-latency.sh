#!/usr/bin/env bash
# How long a MeshGatewayRoute change written to the Kubernetes API server takes to reach the running
# gateway: the cluster of integration-tests' KubernetesGatewayIT (fabric8's mock API server, real
# portico-cp and portico-dp processes), CHANGES (20) route changes, each timed from the write to
# the gateway's first answer on the new rule (1 ms polls). Prints each change and p50/p99.
#
#   bench/k8s/route-change-latency.sh [CHANGES]
#
# Builds what it needs first (./mvnw install -DskipTests). Run it on a quiet machine.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
changes="${1:-20}"
./mvnw -B -q install -DskipTests -DskipITs
./mvnw -B -q -pl integration-tests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
cp="integration-tests/target/test-classes:$(cat integration-tests/target/test-classpath.txt)"
exec java -Dportico.root="$root" -Djdk.httpclient.allowRestrictedHeaders=host \
  -cp "$cp" io.portico.it.k8s.RouteChangeLatency "$changes"
