# syntax=docker/dockerfile:1
#
# portico-cp, the Portico control plane (docs/kubernetes.md "Images").
#
# Build from the repository root after packaging the control plane:
#   ./mvnw -B -DskipTests -pl control-plane -am package
#   docker build --platform linux/amd64 -f deploy/docker/portico-cp.Dockerfile \
#       -t portico/portico-cp:<version> .
# or run deploy/docker/build-images. With BuildKit only the files that
# portico-cp.Dockerfile.dockerignore lets through are sent to the builder.
#
# The program is launched as bin/portico-cp launches it: the jar and its runtime dependencies
# (target/lib, copied there by maven-dependency-plugin) on the class path, main class
# io.portico.cp.PorticoCp. Arguments go to it: the image's default is `run`; the Deployment of
# `porticoctl install control-plane` passes `run --config-file=...`. PORTICO_JAVA_OPTS adds JVM
# options (the default keeps half the container's memory for direct buffers, metaspace and
# threads).
FROM eclipse-temurin:17-jre

RUN groupadd --system --gid 5679 portico-cp \
    && useradd --system --uid 5679 --gid portico-cp --create-home --home-dir /home/portico-cp \
        --shell /usr/sbin/nologin portico-cp

WORKDIR /portico
COPY control-plane/target/lib/ /portico/lib/
COPY control-plane/target/control-plane.jar /portico/control-plane.jar

ENV PORTICO_JAVA_OPTS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"

# diagnostics, REST API (HTTP, HTTPS), admission webhooks, DP server
EXPOSE 5680 5681 5682 5443 5678

USER 5679:5679
ENTRYPOINT ["/bin/sh", "-c", "exec java $PORTICO_JAVA_OPTS -cp '/portico/control-plane.jar:/portico/lib/*' io.portico.cp.PorticoCp \"$@\"", "portico-cp"]
CMD ["run"]
