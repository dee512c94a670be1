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
VOLUME /app/data
# the health endpoint (/observe/health, port 9876) answers on the container's network, not only loopback
ENTRYPOINT ["java", "-Dcamel.management.host=0.0.0.0", "-jar", "/app/target/mediagate.jar"]
