# syntax=docker/dockerfile:1
# Multi-stage image of the webhook service.
#   docker build -t headshotpro-webhooks .
#   docker compose up --build        (see docker-compose.yml)

# ---- build: compile and package the Boot jar ---------------------------------------------------
# JDK 25 to build and to run (the language level stays 21, pom.xml's java.version): the runtime needs 25
# for the AOT cache below, and the build uses the same JDK.
FROM eclipse-temurin:25-jdk AS build
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

# The extracted form (Boot's "tools" jar mode), split into Boot's layers: dependencies/lib/,
# snapshot-dependencies/lib/, application/app.jar (its manifest's Class-Path names lib/). A plain class
# path of jars, as the AOT cache needs: classes from nested jars could not be cached.
RUN java -Djarmode=tools -jar /build/app.jar extract --layers --destination /build/extracted \
    --application-filename app.jar

# ---- runtime ----------------------------------------------------------------------------------
FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 hooks \
    && useradd --system --uid 10001 --gid hooks --no-create-home --shell /usr/sbin/nologin hooks
WORKDIR /app

# Least to most often changed, so a code change rebuilds only the last layers.
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./

# Sized for docker-compose.yml's 384 MB limit (mem_limit), measured by bench/run.sh, which runs the
# service with these ENV lines (it reads them from here: one variable per line) and -XX:MaxRAM at that
# limit. The heap is a share of the container's memory; the rest (classes, compiled code, threads, the
# allocator) does not grow with it. Serial GC: one core's worth of service needs no concurrent collector,
# and its bookkeeping is a few MB where G1's was 40. A heap of 25 % (96 MB; peak resident 339 MB in the bench):
# at 40 % the service peaked at the limit itself. Two malloc arenas instead of 8 per core, and the native
# heap given back to the system every second (what the compiler's arenas and freed buffers leave). An initial
# heap of 10 % (38 MB at 384 MB): the AOT cache's archived objects (6 MB) are copied into it at start, and
# with the default 1/64 they do not fit and the JVM refuses to start ("archived heap objects cannot be
# loaded"). The README's operations section ("Memory") says what each option is worth.
ENV MALLOC_ARENA_MAX=2
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:MaxRAMPercentage=25 -XX:InitialRAMPercentage=10 -XX:TrimNativeHeapInterval=1000 -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=160m -XX:+ExitOnOutOfMemoryError"

# The AOT cache (JDK 25): classes loaded and linked and method profiles from a training run, so a new
# replica starts in less time and is warm sooner. Trained here, with the options above, by the same script
# the benchmark uses; it needs no database (see the script). Valid for this JDK and these jars only, which
# is why it is made in this stage, after them.
COPY scripts/aot-cache.sh /usr/local/bin/aot-cache.sh
RUN aot-cache.sh /app/app.jar

USER 10001:10001
EXPOSE 8080
# No HEALTHCHECK here: the management port is the deployment's choice (docker-compose.yml sets
# MANAGEMENT_SERVER_PORT=8081 and probes /actuator/health/liveness there with bash's /dev/tcp).
ENTRYPOINT ["java", "-XX:AOTCache=app.aot", "-jar", "app.jar"]
