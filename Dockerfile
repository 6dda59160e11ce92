# syntax=docker/dockerfile:1
# Multi-stage image of the webhook service.
#   docker build -t headshotpro-webhooks .
#   docker compose up --build        (see docker-compose.yml)

# ---- build: compile and package the Boot jar ---------------------------------------------------
FROM eclipse-temurin:21-jdk AS build
WORKDIR /build

# Wrapper and POM first, so the dependency download is a cached layer that only a POM change
# invalidates.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN chmod +x mvnw && ./mvnw -B -q dependency:go-offline

# Sources; the formatting check (spotless, bound to validate) belongs to CI, not to the image.
COPY src/ src/
RUN ./mvnw -B -DskipTests -Dspotless.check.skip=true package \
    && cp target/webhooks-1.0.0.jar /build/app.jar

# Split the jar into Boot's layers (Boot 3.3+ "tools" jar mode): dependencies,
# spring-boot-loader, snapshot-dependencies, application.
RUN java -Djarmode=tools -jar /build/app.jar extract --layers --launcher --destination /build/extracted

# ---- runtime ----------------------------------------------------------------------------------
FROM eclipse-temurin:21-jre
RUN groupadd --system --gid 10001 hooks \
    && useradd --system --uid 10001 --gid hooks --no-create-home --shell /usr/sbin/nologin hooks
WORKDIR /app

# Least to most often changed, so a code change rebuilds only the last layer.
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./

USER 10001:10001
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
# No HEALTHCHECK here: the management port is the deployment's choice (docker-compose.yml sets
# MANAGEMENT_SERVER_PORT=8081 and probes /actuator/health/liveness there with bash's /dev/tcp).
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
