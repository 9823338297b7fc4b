# syntax=docker/dockerfile:1
#
# portico-dp, the Portico data-plane proxy (docs/kubernetes.md "Images"): the image of the
# gateway Deployments the control plane creates and of the injected kuma-sidecar containers.
#
# Build from the repository root after packaging the proxy:
#   ./mvnw -B -DskipTests -pl proxy -am package
#   docker build --platform linux/amd64 -f deploy/docker/portico-dp.Dockerfile \
#       -t portico/portico-dp:<version> .
# or run deploy/docker/build-images. linux/amd64 because the proxy bundles the linux-x86_64 epoll
# and BoringSSL native libraries.
#
# The program is launched as bin/portico-dp launches it: the jar and target/lib on the class path,
# main class io.portico.proxy.PorticoDp, Netty's leak detector off, the serial collector and a
# small start heap as bin/portico-dp (docs/performance.md, "JVM flags"), then PORTICO_JAVA_OPTS.
# Arguments go to it (default `run`); its PORTICO_* variables configure it (docs/portico-dp.md).
# It runs as uid/gid 5678, the sidecar uid of spec/kubernetes.md §4.5 and §10.
FROM eclipse-temurin:17-jre

RUN groupadd --system --gid 5678 portico-dp \
    && useradd --system --uid 5678 --gid portico-dp --create-home --home-dir /home/portico-dp \
        --shell /usr/sbin/nologin portico-dp

WORKDIR /portico
COPY proxy/target/lib/ /portico/lib/
COPY proxy/target/proxy.jar /portico/proxy.jar

ENV PORTICO_JAVA_OPTS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"

USER 5678:5678
ENTRYPOINT ["/bin/sh", "-c", "exec java -Dio.netty.leakDetection.level=disabled -XX:+UseSerialGC -Xms16m -XX:ReservedCodeCacheSize=32m -Xss512k -XX:CICompilerCount=2 $PORTICO_JAVA_OPTS -cp '/portico/proxy.jar:/portico/lib/*' io.portico.proxy.PorticoDp \"$@\"", "portico-dp"]
CMD ["run"]
