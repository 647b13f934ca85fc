# syntax=docker/dockerfile:1
# The lzdqm program (node, replay, every other command) as a container image.
#   docker compose build        (or: docker build -t lzdqm:local .)
# Build: the .NET SDK publishes src/LzDQM.Cli framework-dependent for the target architecture.
# Run: the .NET runtime image (Ubuntu 24.04; .NET 10 images have no Debian variant) as a non-root user.

FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
ARG TARGETARCH
WORKDIR /src
# Only what the build reads: solution-wide props, analyzer settings, the SDK pin, the sources.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
# -a amd64|arm64: the native libraries of that architecture (librdkafka, lmdb, Skia) land beside
# lzdqm.dll, where LibrdkafkaLibrary looks first; on x64 that includes centos8-librdkafka.so, the
# build that needs nothing but glibc (the plain librdkafka.so there needs libsasl2).
RUN --mount=type=cache,id=lzdqm-nuget,target=/root/.nuget/packages \
    dotnet publish src/LzDQM.Cli/LzDQM.Cli.csproj -c Release -a "${TARGETARCH:-amd64}" --no-self-contained -o /app \
 && test -x /app/lzdqm \
 && { [ "${TARGETARCH:-amd64}" != amd64 ] || test -f /app/centos8-librdkafka.so; }

FROM mcr.microsoft.com/dotnet/runtime:10.0-noble
COPY --from=build /app /app
# The working directory is the one place the program may write (cluster state a node keeps on disk,
# --lp-out files); compose gives each node a volume there. An appsettings.json there is read too;
# otherwise configuration comes from LZDQM__... environment variables and the command line.
# APP_UID (1654) is the unprivileged user the .NET images define; it owns nothing but this folder.
RUN mkdir -p /var/lib/lzdqm && chown "$APP_UID" /var/lib/lzdqm
WORKDIR /var/lib/lzdqm
USER $APP_UID
# Akka.NET remoting port of `lzdqm node`.
EXPOSE 4053
ENTRYPOINT ["/app/lzdqm"]
CMD ["--help"]
