# Build: the same `mvn -B verify`-tested jar, then a JRE image that runs it from /app
# (routes/ and config/ sit beside the jar, so users can mount their own).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY routes routes
COPY config config
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/mediagate.jar /app/target/mediagate.jar
COPY --from=build /src/target/lib /app/target/lib
COPY routes /app/routes
COPY config /app/config
# A class archive for a faster start (JDK class data sharing): one training start (--once on an empty inbox, vendors
# sandboxed) records the classes a start-up loads; every start maps them instead of reading and verifying them from
# the jars again (measured: a --once run on an empty inbox 9.0 -> 6.6 s, 10 -> 6.5 CPU-seconds; with 10,000 jobs in flight
# the first resumed poll 9.7 -> 5.1-6.5 s, bench/README). The JVM checks the archive against the jars and ignores it
# when they differ, so a stale archive only costs the time it would have saved.
RUN MEDIAGATE_DATA_DIR=/tmp/training java -XX:ArchiveClassesAtExit=/app/mediagate.jsa -Xlog:cds*=off \
        -Dmediagate.sandbox.enabled=true -jar /app/target/mediagate.jar --once \
    && rm -rf /tmp/training
VOLUME /app/data
# The quick compiler only (-XX:TieredStopAtLevel=1, as the test JVMs run): on two cores the optimising compiler took
# ~3.5 of the ~8 CPU-seconds before the first resumed poll of a restart with 10,000 jobs in flight, and the gateway's
# work (files, broker, HTTP) gains nothing measurable from it: measured 4.1-8.4 -> 3.1-3.7 s to that first poll, and
# sync-detect's CPU per file after a 4000-file warm-up the same within the noise (bench/README, "The compiler's share").
# the health endpoint (/observe/health, port 9876) answers on the container's network, not only loopback
ENTRYPOINT ["java", "-XX:TieredStopAtLevel=1", "-XX:SharedArchiveFile=/app/mediagate.jsa", "-Xlog:cds*=off", "-Dcamel.management.host=0.0.0.0", "-jar", "/app/target/mediagate.jar"]
