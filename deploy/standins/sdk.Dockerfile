# Stand-in for mcr.microsoft.com/dotnet/sdk:10.0 (deploy/standins/build.sh): the runtime-deps stand-in plus the host's
# .NET SDK and CA bundle.
ARG BASE
FROM ${BASE}
COPY dotnet /usr/share/dotnet
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_ROOT=/usr/share/dotnet DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_USE_POLLING_FILE_WATCHER=true NUGET_XMLDOC_MODE=skip
