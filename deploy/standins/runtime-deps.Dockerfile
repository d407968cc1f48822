# Stand-in for mcr.microsoft.com/dotnet/runtime-deps:10.0 (deploy/standins/build.sh): Debian with what .NET needs and
# the non-root user 'app' (uid 1654) of the official images.
ARG BASE
FROM ${BASE}
RUN groupadd --gid=1654 app && useradd --no-log-init --uid=1654 --gid=1654 --create-home app
ENV APP_UID=1654 ASPNETCORE_HTTP_PORTS=8080 DOTNET_RUNNING_IN_CONTAINER=true
